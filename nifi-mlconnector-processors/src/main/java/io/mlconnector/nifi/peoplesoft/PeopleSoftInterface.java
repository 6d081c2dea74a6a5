package io.mlconnector.nifi.peoplesoft;

import org.apache.nifi.components.DescribedValue;

/** The PeopleSoft interfaces GetPeopleSoftRecords can read changed rows through. */
public enum PeopleSoftInterface implements DescribedValue {

    QUERY("PeopleSoft Query", "A public or private PS Query run through Query Access Services (ExecuteQuery.v1) with the window"
            + " as two prompts. The recommended incremental path: PeopleSoft filters the rows."),
    SERVICE_OPERATION("REST Service Operation", "A site's own REST service operation, such as an employee directory service, that"
            + " takes the window as two query parameters and returns every row of it as a JSON array."),
    COMPONENT_INTERFACE("Component Interface", "The CI-based REST services (CIRT_<CI>_F_GET and CIRT_<CI>_G_GET) of a component"
            + " interface such as CUSTOMER_CI. Every run reads every instance matching the find keys, so it costs 1 + N requests.");

    private final String displayName;
    private final String description;

    PeopleSoftInterface(final String displayName, final String description) {
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
