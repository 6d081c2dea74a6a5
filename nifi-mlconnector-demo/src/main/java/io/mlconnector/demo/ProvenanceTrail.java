package io.mlconnector.demo;

import org.apache.nifi.provenance.ProvenanceEventRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance events recorded for a few people, gathered run after run: what NiFi's Data Provenance search on
 * Details = {@code *<source ID>*} lists for each of them, oldest first.
 */
final class ProvenanceTrail {

    private final Map<String, List<ProvenanceEventRecord>> trails = new LinkedHashMap<>();

    ProvenanceTrail(final List<String> sourceIds) {
        sourceIds.forEach(id -> trails.put(id, new ArrayList<>()));
    }

    void add(final FlowRunner.RunResult result) {
        result.provenance().values().forEach(events -> events.forEach(event -> trails.forEach((id, trail) -> {
            if (names(event, id)) {
                trail.add(event);
            }
        })));
        // Forced SEND events reach the repository before the session's other events: order by when they happened.
        trails.values().forEach(trail -> trail.sort(Comparator.comparingLong(ProvenanceEventRecord::getEventTime)));
    }

    Map<String, List<ProvenanceEventRecord>> trails() {
        return trails;
    }

    /** The details name the ID as a whole value ({@code EMPLID=KU0000001 ...}), not as part of a longer one. */
    private static boolean names(final ProvenanceEventRecord event, final String sourceId) {
        final String details = event.getDetails();
        return details != null && (details + " ").contains("=" + sourceId + " ");
    }
}
