package io.mlconnector.sandbox.peoplesoft;

import java.util.Arrays;
import java.util.Optional;

/** The service operations the simulator provides, with the external alias that appears in URLs. */
public enum IbOperation {
    QAS_EXECUTEQRY_REST_GET("ExecuteQuery"),
    QAS_LISTQUERYPROMPTS_REST_GET("QueryPrompts"),
    MC_EMPLOYEE_DIRECTORY_GET("MC_EMPLOYEE_DIRECTORY"),
    CIRT_CUSTOMER_CI_F_GET("CIRT_CUSTOMER_CI_F_GET"),
    CIRT_CUSTOMER_CI_G_GET("CIRT_CUSTOMER_CI_G_GET");

    /** Every operation here exists in version 1 only. */
    static final int VERSION = 1;

    private final String alias;

    IbOperation(String alias) {
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** The URL segment, e.g. {@code ExecuteQuery.v1}. */
    public String aliasWithVersion() {
        return alias + ".v" + VERSION;
    }

    static Optional<IbOperation> byAliasWithVersion(String segment) {
        return Arrays.stream(values()).filter(op -> op.aliasWithVersion().equals(segment)).findFirst();
    }

    /** By operation name ({@code QAS_EXECUTEQRY_REST_GET}), alias ({@code ExecuteQuery}) or alias.version. */
    public static IbOperation byNameOrAlias(String name) {
        return Arrays.stream(values())
                .filter(op -> op.name().equals(name) || op.alias.equals(name) || op.aliasWithVersion().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service operation " + name));
    }
}
