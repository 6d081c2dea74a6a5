package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimResponse;

import java.io.IOException;

/** The OnRequest handler of one service operation. */
@FunctionalInterface
interface IbOperationHandler {
    SimResponse handle(IbCall call) throws IOException;
}
