package io.mlconnector.demo.contract;

import java.util.Arrays;
import java.util.List;

/** The contract check's findings as a plain-text table, one line per behaviour, columns padded to their widest cell. */
final class ContractTable {

    static final List<String> HEADERS = List.of("Row", "Behaviour", "Observed", "Simulator switch that matches", "Product handles it");

    private ContractTable() {
    }

    static String render(final List<Finding> findings) {
        final List<List<String>> rows = findings.stream()
                .map(f -> List.of(f.row(), f.behaviour(), f.observed(), f.matches(), f.covered())).toList();
        final int[] widths = new int[HEADERS.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = HEADERS.get(column).length();
            for (final List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        final StringBuilder text = new StringBuilder();
        line(text, HEADERS, widths);
        line(text, Arrays.stream(widths).mapToObj("-"::repeat).toList(), widths);
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private static void line(final StringBuilder text, final List<String> cells, final int[] widths) {
        for (int column = 0; column < cells.size(); column++) {
            final String cell = cells.get(column);
            text.append(column == 0 ? "" : " | ").append(column == cells.size() - 1 ? cell : pad(cell, widths[column]));
        }
        text.append(System.lineSeparator());
    }

    private static String pad(final String cell, final int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
