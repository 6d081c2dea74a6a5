package io.mlconnector.nifi.peoplesoft.read;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowValuesTest {

    @Test
    void behavesAsTheMapOfItsColumnsInOrder() {
        final String[] names = {"EMPLID", "EMAIL_ADDR", "LASTUPDDTTM"};
        final RowValues row = new RowValues(names, new Object[] {"KU0001", null, "2024-05-01T09:30:00Z"});
        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("EMPLID", "KU0001");
        expected.put("EMAIL_ADDR", null);
        expected.put("LASTUPDDTTM", "2024-05-01T09:30:00Z");

        assertEquals(expected, row);
        assertEquals(row, expected);
        assertEquals(expected.hashCode(), row.hashCode());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(row.keySet()));
        assertEquals("KU0001", row.get(new String("EMPLID")));
        assertTrue(row.containsKey("EMAIL_ADDR"));
        assertNull(row.get("DEPTID"));
    }

    @Test
    void aNewColumnIsTheRowsOwnAndSettingAValueLeavesOtherRowsAlone() {
        final String[] names = {"EMPLID", "DEPTID"};
        final RowValues first = new RowValues(names, new Object[] {"KU0001", "10"});
        final RowValues second = new RowValues(names, new Object[] {"KU0002", "20"});

        first.put("JOBCODE", "A1");
        first.entrySet().iterator().next().setValue("KU0009");

        assertEquals(Map.of("EMPLID", "KU0009", "DEPTID", "10", "JOBCODE", "A1"), first);
        assertEquals(Map.of("EMPLID", "KU0002", "DEPTID", "20"), second);
        assertEquals(2, names.length);
    }
}
