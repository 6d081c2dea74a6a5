package io.mlconnector.sandbox.peoplesoft;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run-time switches of a running simulator, mostly for behaviours the reference marks as inferred. Changes apply to
 * the next request.
 */
public final class PeopleSoftSettings {

    private final PeopleSoftAuth auth;
    private final Set<IbOperation> inactive = ConcurrentHashMap.newKeySet();
    private volatile boolean signOnPage;
    private volatile ServiceStatus serviceStatus = ServiceStatus.PRODUCTION;
    private volatile ColumnKeys columnKeys = ColumnKeys.QUALIFIED;
    private volatile String querynameKey = "queryname=";
    private volatile String blankValue = "";
    private volatile boolean forbiddenAnswers;

    PeopleSoftSettings(PeopleSoftAuth auth) {
        this.auth = auth;
    }

    /** When on, every request gets the HTML sign-on page with status 200, as behind a misrouted web server. */
    public PeopleSoftSettings signOnPage(boolean on) {
        signOnPage = on;
        return this;
    }

    public PeopleSoftSettings serviceStatus(ServiceStatus status) {
        serviceStatus = Objects.requireNonNull(status, "status");
        return this;
    }

    public PeopleSoftSettings columnKeys(ColumnKeys keys) {
        columnKeys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /** The query-name key of the QAS JSON envelope: {@code "queryname="} (default, the real quirk) or {@code "queryname"}. */
    public PeopleSoftSettings querynameKey(String key) {
        if (!"queryname=".equals(key) && !"queryname".equals(key)) {
            throw new IllegalArgumentException("querynameKey must be \"queryname=\" or \"queryname\"");
        }
        querynameKey = key;
        return this;
    }

    /** How empty character fields render: {@code ""} (default) or {@code " "}, as PeopleSoft stores blanks. */
    public PeopleSoftSettings blankValue(String blank) {
        if (!"".equals(blank) && !" ".equals(blank)) {
            throw new IllegalArgumentException("blankValue must be \"\" or \" \"");
        }
        blankValue = blank;
        return this;
    }

    /** Makes a service operation inactive (by name, alias or alias.version): it then answers 500. */
    public PeopleSoftSettings deactivate(String operation) {
        inactive.add(IbOperation.byNameOrAlias(operation));
        return this;
    }

    public PeopleSoftSettings activate(String operation) {
        inactive.remove(IbOperation.byNameOrAlias(operation));
        return this;
    }

    public PeopleSoftSettings changePassword(String oprid, String newPassword) {
        auth.changePassword(oprid, newPassword);
        return this;
    }

    /** A locked OPRID gets 401 like a wrong password. */
    public PeopleSoftSettings lockUser(String oprid, boolean locked) {
        auth.lock(oprid, locked);
        return this;
    }

    /**
     * When on, an authenticated user calling an operation its permission lists do not grant gets 403, as from a front
     * end that tells the two apart; off (the default) it gets 401 like a wrong password, as Integration Broker answers.
     */
    public PeopleSoftSettings forbiddenAnswers(boolean on) {
        forbiddenAnswers = on;
        return this;
    }

    boolean forbiddenAnswers() {
        return forbiddenAnswers;
    }

    boolean signOnPage() {
        return signOnPage;
    }

    ServiceStatus serviceStatus() {
        return serviceStatus;
    }

    ColumnKeys columnKeys() {
        return columnKeys;
    }

    String querynameKey() {
        return querynameKey;
    }

    String blankValue() {
        return blankValue;
    }

    boolean isInactive(IbOperation operation) {
        return inactive.contains(operation);
    }
}
