package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.PeopleSoftConnectionService;
import io.mlconnector.nifi.peoplesoft.poll.DateTimePrompts;

/** What every source needs: the connection, how window values are written, and how rows are read. */
public record SourceSettings(PeopleSoftConnectionService service, DateTimePrompts prompts, String modifiedField, ObjectMapper objectMapper) {

    /** A shaper for the rows of one answer. */
    RowShaper shaper() {
        return new RowShaper(modifiedField, prompts.baseTimeZone());
    }
}
