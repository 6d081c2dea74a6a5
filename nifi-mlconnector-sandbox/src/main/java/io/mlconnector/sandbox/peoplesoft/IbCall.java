package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimRequest;

import java.util.List;

/**
 * An authenticated call of a service operation.
 *
 * @param template the decoded path segments after {@code {Alias}.v{N}}
 * @param oprid    the user the call runs as
 */
record IbCall(SimRequest request, List<String> template, String oprid) {
}
