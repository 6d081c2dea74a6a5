package io.mlconnector.sandbox.peoplesoft;

/** A query output column: record alias ({@code A}), field name and type. */
record QueryColumn(String alias, String field, FieldType type) {

    String key(ColumnKeys style) {
        return style == ColumnKeys.QUALIFIED ? alias + "." + field : field;
    }
}
