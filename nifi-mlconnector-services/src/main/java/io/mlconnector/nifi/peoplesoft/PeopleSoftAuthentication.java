package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.Credentials;
import io.mlconnector.nifi.http.SecretRedactor;
import org.apache.nifi.oauth2.OAuth2AccessTokenProvider;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

/** Supplies the Authorization header of each request, so the client never holds credentials of its own. */
interface PeopleSoftAuthentication {

    /** The header value; never logged. */
    String authorization() throws PeopleSoftException;

    /** Called after a 401; returns whether a retry with fresh credentials is worth it. */
    boolean refresh();

    /** Hides the credentials in text from outside, such as an error body that echoes the request. */
    SecretRedactor redactor();

    /** What to check when PeopleSoft answers 401, worded for users. */
    String whatToCheck();

    static PeopleSoftAuthentication basic(final String user, final String password) {
        final String header = Credentials.basic(user, password);
        final SecretRedactor redactor = SecretRedactor.of(password, header.substring("Basic ".length()));
        return new PeopleSoftAuthentication() {
            @Override
            public String authorization() {
                return header;
            }

            @Override
            public boolean refresh() {
                return false;
            }

            @Override
            public SecretRedactor redactor() {
                return redactor;
            }

            @Override
            public String whatToCheck() {
                return "check Username and Password, that the user is not locked, and that its permission lists grant"
                        + " the service operation (and query access for Query Access Services)";
            }

            @Override
            public String toString() {
                return "Basic authentication";
            }
        };
    }

    static PeopleSoftAuthentication oauth2(final OAuth2AccessTokenProvider provider) {
        final AtomicReference<String> lastToken = new AtomicReference<>();
        final SecretRedactor redactor = new SecretRedactor(() -> Collections.singletonList(lastToken.get()));
        return new PeopleSoftAuthentication() {
            @Override
            public String authorization() throws PeopleSoftException {
                try {
                    final String token = provider.getAccessDetails().getAccessToken();
                    lastToken.set(token);
                    return Credentials.bearer(token);
                } catch (final RuntimeException e) {
                    throw new PeopleSoftException(PeopleSoftException.Kind.AUTHENTICATION,
                            "The OAuth2 Access Token Provider could not supply an access token: check its configuration"
                                    + " and the identity provider (" + e.getClass().getSimpleName() + ")", null);
                }
            }

            @Override
            public SecretRedactor redactor() {
                return redactor;
            }

            @Override
            public boolean refresh() {
                try {
                    provider.refreshAccessDetails();
                    return true;
                } catch (final RuntimeException e) {
                    return false;
                }
            }

            @Override
            public String whatToCheck() {
                return "check that the identity provider is registered with PeopleSoft (OAuth2 Administration), that the"
                        + " token's subject maps to a PeopleSoft user, and that the user's permission lists grant the"
                        + " service operation";
            }

            @Override
            public String toString() {
                return "OAuth2 authentication";
            }
        };
    }
}
