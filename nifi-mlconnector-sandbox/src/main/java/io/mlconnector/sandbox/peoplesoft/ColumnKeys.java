package io.mlconnector.sandbox.peoplesoft;

/** How query result columns are keyed: {@code A.EMPLID} or {@code EMPLID}. Both are seen in real systems. */
public enum ColumnKeys {
    QUALIFIED,
    BARE
}
