package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mlconnector.sandbox.core.SimResponse;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The site's employee-directory REST operation {@code MC_EMPLOYEE_DIRECTORY.v1/changes?start=&end=}: the same
 * selection as {@code MC_EMPL_CHANGES}, as {@code {"data":{"employees":[{bare keys}]}}}, streamed.
 */
final class EmployeeDirectoryOperation implements IbOperationHandler {

    private final Supplier<HrSnapshot> data;
    private final PeopleSoftSettings settings;
    private final PeopleSoftFormats formats;
    private final QueryJsonWriter fields;

    EmployeeDirectoryOperation(Supplier<HrSnapshot> data, PeopleSoftSettings settings, PeopleSoftFormats formats) {
        this.data = data;
        this.settings = settings;
        this.formats = formats;
        this.fields = new QueryJsonWriter(formats);
    }

    @Override
    public SimResponse handle(IbCall call) {
        if (!List.of("changes").equals(call.template())) {
            return IbErrorResponses.notFound();
        }
        Instant start;
        Instant end;
        try {
            start = formats.parseDateTime(call.request().queryParamIgnoreCase("start"));
            end = formats.parseDateTime(call.request().queryParamIgnoreCase("end"));
        } catch (IllegalArgumentException e) {
            return IbErrorResponses.frameworkError(settings.serviceStatus(), e.getMessage());
        }
        HrSnapshot snapshot = data.get();
        return SimResponse.stream(200, IbErrorResponses.JSON, out -> {
            try (JsonGenerator json = JsonText.generator(out)) {
                json.writeStartObject();
                json.writeObjectFieldStart("data");
                json.writeArrayFieldStart("employees");
                for (Iterator<Employee> it = snapshot.employeeChanges(start, end, formats.zone()).iterator(); it.hasNext(); ) {
                    json.writeStartObject();
                    fields.writeFields(json, EmployeeChangesQuery.COLUMNS, ColumnKeys.BARE, EmployeeChangesQuery.row(it.next()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
        });
    }
}
