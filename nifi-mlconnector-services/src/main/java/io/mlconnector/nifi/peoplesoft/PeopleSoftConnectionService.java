package io.mlconnector.nifi.peoplesoft;

import org.apache.nifi.controller.ControllerService;

import java.net.URI;

/**
 * A connection to one PeopleSoft Integration Broker REST listener. It holds the credentials and the pooled HTTP
 * client; callers name a service operation and never see a secret.
 */
public interface PeopleSoftConnectionService extends ControllerService {

    /**
     * Sends a request to {@code {Base URL}{Gateway Path}/{Node Name}/{segments...}} with authentication applied.
     * The caller must close the response, whose body is streamed.
     *
     * @throws PeopleSoftException when PeopleSoft cannot be reached, refuses the credentials, answers with an error
     *                             status or with an HTML sign-on page; its message names no secret
     */
    PeopleSoftResponse execute(PeopleSoftRequest request) throws PeopleSoftException;

    /** The URI a request would go to, without credentials: for provenance transit URIs and messages. */
    URI resolve(PeopleSoftRequest request);

    /** The Integration Broker node requests are addressed to. */
    String getNodeName();
}
