package io.mlconnector.sandbox.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flow we ship ({@code templates/PeopleSoft_to_Mailchimp.json}, packaged onto this module's classpath), read with
 * nifi-api's model classes: its parameters and its Put processors, which the parity report follows. Parameter
 * references resolve the way NiFi does for a plain {@code #{name}}.
 */
public final class ShippedFlow {

    public static final String RESOURCE = "/templates/PeopleSoft_to_Mailchimp.json";
    /** The Put processors are the ones writing to an audience. */
    static final String AUDIENCE_PROPERTY = "Audience ID";

    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");

    private final RegisteredFlowSnapshot snapshot;

    private ShippedFlow(final RegisteredFlowSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public static ShippedFlow load() {
        return of(snapshot());
    }

    /** A flow definition read elsewhere (the demo's, which tests may reconfigure). */
    public static ShippedFlow of(final RegisteredFlowSnapshot snapshot) {
        return new ShippedFlow(snapshot);
    }

    /** The shipped flow as nifi-api's model. */
    public static RegisteredFlowSnapshot snapshot() {
        try (InputStream in = ShippedFlow.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a "Download flow definition" JSON; unknown fields are ignored, as NiFi does on import. */
    public static RegisteredFlowSnapshot read(final InputStream in) throws IOException {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(in, RegisteredFlowSnapshot.class);
    }

    /** The name of the process group's parameter context. */
    public String parameterContextName() {
        return snapshot.getFlowContents().getParameterContextName();
    }

    /** The parameters of the group's context, by name. */
    public List<VersionedParameter> parameters() {
        final VersionedParameterContext context = snapshot.getParameterContexts().get(parameterContextName());
        return context == null ? List.of()
                : context.getParameters().stream().sorted(Comparator.comparing(VersionedParameter::getName)).toList();
    }

    /** The parameter values the file carries (sensitive ones never have one), overlaid with the given bindings. */
    public Map<String, String> parameterValues(final Map<String, String> bindings) {
        final Map<String, String> values = new LinkedHashMap<>();
        parameters().forEach(p -> values.put(p.getName(), p.getValue()));
        values.putAll(bindings);
        return values;
    }

    /** The processors that write to a Mailchimp audience. */
    public List<VersionedProcessor> puts() {
        return snapshot.getFlowContents().getProcessors().stream()
                .filter(p -> p.getProperties().containsKey(AUDIENCE_PROPERTY)).toList();
    }

    /** Names of the parameters a property value references. */
    public static Set<String> parameterReferences(final String value) {
        final Set<String> names = new LinkedHashSet<>();
        if (value != null) {
            final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** True when the whole value is one parameter reference, as NiFi requires for sensitive properties. */
    public static boolean isSingleReference(final String value) {
        return value != null && PARAMETER_REFERENCE.matcher(value).matches();
    }

    /**
     * Substitutes parameter values into a property value. A value that is only a reference to a parameter without a
     * value resolves to null (the property is unset), as in NiFi.
     */
    public static String resolve(final String value, final Map<String, String> parameterValues) {
        if (value == null) {
            return null;
        }
        if (isSingleReference(value)) {
            return parameterValues.get(parameterReferences(value).iterator().next());
        }
        final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            final String parameterValue = parameterValues.get(matcher.group(1));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(parameterValue == null ? "" : parameterValue));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
