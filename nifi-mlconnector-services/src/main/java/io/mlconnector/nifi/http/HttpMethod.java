package io.mlconnector.nifi.http;

/** The HTTP methods our services send. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE
}
