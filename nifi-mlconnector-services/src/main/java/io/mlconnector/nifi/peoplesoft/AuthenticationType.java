package io.mlconnector.nifi.peoplesoft;

import org.apache.nifi.components.DescribedValue;

/** How the service authenticates to the Integration Broker REST listener. */
public enum AuthenticationType implements DescribedValue {
    BASIC("Basic", "HTTP Basic with a PeopleSoft user (OPRID) and password. The user's permission lists must grant the"
            + " service operations (and query access for Query Access Services)."),
    OAUTH2("OAuth2", "A bearer token from an OAuth2 Access Token Provider (PeopleTools 8.58+ with an identity provider such"
            + " as IDCS, Azure, Okta or Ping). The token's subject must map to a PeopleSoft user.");

    private final String displayName;
    private final String description;

    AuthenticationType(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return displayName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
