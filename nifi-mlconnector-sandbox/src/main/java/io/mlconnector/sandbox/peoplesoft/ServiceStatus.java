package io.mlconnector.sandbox.peoplesoft;

/** The Integration Broker service system status; it decides how much error detail a response carries. */
public enum ServiceStatus {
    /** Framework errors answer 500 with an empty body. */
    PRODUCTION,
    /** Framework errors answer 500 with an {@code IBResponse} XML body (JSON for QAS with json_resp=true). */
    DEVELOPMENT
}
