package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CI-based REST services of {@code CUSTOMER_CI}: Find ({@code CIRT_CUSTOMER_CI_F_GET.v1?SETID=..[&CUST_ID=..][&NAME1=..]},
 * keys matched "begins with", NAME1 ignoring case) and Get ({@code CIRT_CUSTOMER_CI_G_GET.v1/{SETID}/{CUST_ID}},
 * 404 when there is no such customer).
 */
final class CustomerCiOperations {

    private final Supplier<HrSnapshot> data;
    private final PeopleSoftSettings settings;
    private final PeopleSoftFormats formats;

    CustomerCiOperations(Supplier<HrSnapshot> data, PeopleSoftSettings settings, PeopleSoftFormats formats) {
        this.data = data;
        this.settings = settings;
        this.formats = formats;
    }

    SimResponse find(IbCall call) {
        SimRequest request = call.request();
        String setid = request.queryParamIgnoreCase("SETID");
        if (setid == null || setid.isBlank()) {
            return IbErrorResponses.frameworkError(settings.serviceStatus(), "Find key SETID is required");
        }
        String custId = Optional.ofNullable(request.queryParamIgnoreCase("CUST_ID")).orElse("");
        String name1 = Optional.ofNullable(request.queryParamIgnoreCase("NAME1")).orElse("").toLowerCase(Locale.ROOT);
        HrSnapshot snapshot = data.get();
        return SimResponse.stream(200, IbErrorResponses.JSON, out -> {
            try (JsonGenerator json = JsonText.generator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("CUSTOMER_CI");
                for (Iterator<Customer> it = snapshot.customers().iterator(); it.hasNext(); ) {
                    Customer c = it.next();
                    if (c.setid().equals(setid) && c.custId().startsWith(custId)
                            && c.name1().toLowerCase(Locale.ROOT).startsWith(name1)) {
                        json.writeStartObject();
                        json.writeStringField("SETID", c.setid());
                        json.writeStringField("CUST_ID", c.custId());
                        json.writeStringField("NAME1", c.name1());
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    SimResponse get(IbCall call) {
        List<String> keys = call.template();
        if (keys.size() != 2) {
            return IbErrorResponses.notFound();
        }
        return data.get().customer(keys.get(0), keys.get(1))
                .map(c -> SimResponse.text(200, IbErrorResponses.JSON, JsonText.write(buffer(c))))
                .orElseGet(IbErrorResponses::notFound);
    }

    private Map<String, Object> buffer(Customer customer) {
        Map<String, Object> ci = new LinkedHashMap<>();
        ci.put("SETID", customer.setid());
        ci.put("CUST_ID", customer.custId());
        ci.put("NAME1", customer.name1());
        ci.put("CUST_STATUS", customer.custStatus());
        ci.put("SINCE_DT", formats.text(FieldType.DATE, customer.sinceDt()));
        ci.put("LASTUPDDTTM", formats.dateTime(customer.lastUpdated()));
        ci.put("CUST_CONTACT", customer.contacts().stream().map(contact -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("CNTCT_SEQ_NUM", contact.cntctSeqNum());
            row.put("FIRST_NAME", contact.firstName());
            row.put("LAST_NAME", contact.lastName());
            row.put("EMAIL_ADDR", contact.email());
            row.put("PRIMARY_FLAG", contact.primary() ? "Y" : "N");
            return row;
        }).toList());
        return ci;
    }
}
