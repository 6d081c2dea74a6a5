package io.mlconnector.nifi.testing;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.oauth2.AccessToken;
import org.apache.nifi.oauth2.OAuth2AccessTokenProvider;

/** An OAuth2 Access Token Provider test double handing out a fixed bearer token. */
public class TestAccessTokenProvider extends AbstractControllerService implements OAuth2AccessTokenProvider {

    private final String token;

    public TestAccessTokenProvider(final String token) {
        this.token = token;
    }

    @Override
    public AccessToken getAccessDetails() {
        return new AccessToken(token, null, "Bearer", 3600, null);
    }
}
