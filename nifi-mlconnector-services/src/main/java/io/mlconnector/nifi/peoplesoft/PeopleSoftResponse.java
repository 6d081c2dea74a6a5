package io.mlconnector.nifi.peoplesoft;

import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** A successful (2xx, not a sign-on page) answer from PeopleSoft whose body is streamed. Close it when done. */
public interface PeopleSoftResponse extends Closeable {

    int statusCode();

    /** The Content-Type header, when PeopleSoft sent one. */
    Optional<String> contentType();

    /** The response body, streamed from the connection. */
    InputStream body();

    /** The URI that was requested, without credentials. */
    URI uri();
}
