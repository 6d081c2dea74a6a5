package io.mlconnector.sandbox.peoplesoft;

/** PeopleSoft field types as the simulator renders them. */
enum FieldType {
    CHAR, NUMBER, DATE, DATETIME
}
