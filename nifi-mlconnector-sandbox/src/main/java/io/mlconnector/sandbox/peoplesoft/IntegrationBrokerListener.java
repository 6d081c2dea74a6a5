package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimHandler;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The REST listening connector: {@code {gateway path}/{NODE}/{Alias}.v{N}/{template...}}. Unknown node or operation
 * answer 404; then the caller is authenticated and checked for the operation (401 otherwise); an inactive operation answers 500; every IB answer
 * carries a {@code transactionid} header. In sign-on page mode every request gets the HTML sign-on page.
 */
final class IntegrationBrokerListener implements SimHandler {

    private final List<String> gatewaySegments;
    private final String node;
    private final PeopleSoftAuth auth;
    private final PeopleSoftSettings settings;
    private final Map<IbOperation, IbOperationHandler> handlers;

    IntegrationBrokerListener(String gatewayPath, String node, PeopleSoftAuth auth, PeopleSoftSettings settings,
                              Map<IbOperation, IbOperationHandler> handlers) {
        this.gatewaySegments = List.of(gatewayPath.split("/")).stream().filter(p -> !p.isEmpty()).toList();
        this.node = node;
        this.auth = auth;
        this.settings = settings;
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public SimResponse handle(SimRequest request) throws IOException {
        if (settings.signOnPage()) {
            return IbErrorResponses.signOnPage();
        }
        return route(request).header("transactionid", UUID.randomUUID().toString());
    }

    private SimResponse route(SimRequest request) throws IOException {
        List<String> all = request.pathSegments();
        if (all.size() < gatewaySegments.size() || !all.subList(0, gatewaySegments.size()).equals(gatewaySegments)) {
            return IbErrorResponses.notFound();
        }
        List<String> segments = all.subList(gatewaySegments.size(), all.size());
        if (segments.size() < 2 || !segments.get(0).equals(node)) {
            return IbErrorResponses.notFound();
        }
        Optional<IbOperation> operation = IbOperation.byAliasWithVersion(segments.get(1));
        if (operation.isEmpty() || !"GET".equals(request.method())) {
            return IbErrorResponses.notFound();
        }
        Optional<PeopleSoftAuth.Caller> caller = auth.authenticate(request.header("Authorization"), operation.get());
        if (caller.isEmpty()) {
            return IbErrorResponses.unauthorized();
        }
        if (!caller.get().permitted()) {
            return settings.forbiddenAnswers() ? IbErrorResponses.forbidden() : IbErrorResponses.unauthorized();
        }
        if (settings.isInactive(operation.get())) {
            return IbErrorResponses.frameworkError(settings.serviceStatus(),
                    "Service Operation " + operation.get().name() + " is inactive. (158,10502)");
        }
        return handlers.get(operation.get()).handle(new IbCall(request, segments.subList(2, segments.size()), caller.get().oprid()));
    }
}
