package io.mlconnector.nifi.peoplesoft.read;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RowShaperTest {

    private final RowShaper shaper = new RowShaper("LASTUPDDTTM", ZoneOffset.UTC);

    @Test
    void rowsOfAnAnswerHaveItsNormalisedNamesInOrder() throws Exception {
        final SourceRow first = shaper.shape(fields("A.EMPLID", "KU0001", "D.DESCR", "Sales", "A.LASTUPDDTTM", "2024-05-01T09:30:00Z"));
        final SourceRow second = shaper.shape(fields("A.EMPLID", "KU0002", "D.DESCR", "Finance", "A.LASTUPDDTTM", "2024-05-02T09:30:00Z"));

        assertEquals(List.of("EMPLID", "DESCR", "LASTUPDDTTM"), List.copyOf(first.values().keySet()));
        assertEquals(Map.of("EMPLID", "KU0002", "DESCR", "Finance", "LASTUPDDTTM", "2024-05-02T09:30:00Z"), second.values());
        assertEquals("Sales", first.values().get("DESCR"));
        assertEquals(Instant.parse("2024-05-02T09:30:00Z"), second.modified());
    }

    @Test
    void aNameRepeatedInARowKeepsItsLastValueAsInAMap() throws Exception {
        final SourceRow row = shaper.shape(fields("EMPLID", "KU0001", "DEPTID", "10", "EMPLID", "KU0002", "LASTUPDDTTM", "2024-05-01T09:30:00Z"));

        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("EMPLID", "KU0002");
        expected.put("DEPTID", "10");
        expected.put("LASTUPDDTTM", "2024-05-01T09:30:00Z");
        assertEquals(expected, row.values());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(row.values().keySet()));
    }

    private static RowFields fields(final String... namesAndValues) {
        final RowFields fields = new RowFields();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
