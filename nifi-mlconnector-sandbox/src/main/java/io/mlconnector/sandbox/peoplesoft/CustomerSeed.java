package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates seeded customer {@code i} of SETID {@code SHARE} from (seed, i): one to three contacts, exactly one of
 * them primary (not always the first), about 10% inactive.
 */
final class CustomerSeed {

    static final String SETID = "SHARE";
    private static final int FIRST_CUST_ID = 100_000;

    private final SeedTimeline timeline;
    private final ZoneId zone;
    private final int count;

    CustomerSeed(long seed, int count, Instant historyEnd, ZoneId zone) {
        this.timeline = new SeedTimeline(seed, historyEnd, count);
        this.zone = zone;
        this.count = count;
    }

    int count() {
        return count;
    }

    static String custId(int index) {
        return Integer.toString(FIRST_CUST_ID + index);
    }

    /** The index of a CUST_ID of our form, or -1. */
    static int index(String custId) {
        try {
            int index = Integer.parseInt(custId) - FIRST_CUST_ID;
            return index >= 0 && custId(index).equals(custId) ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Customer generate(int index) {
        SplittableRandom random = timeline.random(index);
        String custId = custId(index);
        String name1 = HrReferenceData.COMPANY_WORDS.get(random.nextInt(HrReferenceData.COMPANY_WORDS.size())) + " "
                + HrReferenceData.COMPANY_KINDS.get(random.nextInt(HrReferenceData.COMPANY_KINDS.size())) + " " + custId;
        String status = random.nextInt(10) == 0 ? "I" : "A";
        Instant updated = timeline.lastUpdated(index);
        int contactCount = 1 + random.nextInt(3);
        int primary = 1 + random.nextInt(contactCount);
        List<CustomerContact> contacts = new ArrayList<>();
        for (int seq = 1; seq <= contactCount; seq++) {
            int first = random.nextInt(HrReferenceData.FIRST_NAMES.size());
            int last = random.nextInt(HrReferenceData.LAST_NAMES.size());
            String email = EmployeeSeed.email(EmployeeSeed.FOLDED_FIRST.get(first), EmployeeSeed.FOLDED_LAST.get(last),
                    index, false, "c" + custId + "-" + seq + ".example.com");
            contacts.add(new CustomerContact(seq, HrReferenceData.FIRST_NAMES.get(first),
                    HrReferenceData.LAST_NAMES.get(last), email, seq == primary));
        }
        return new Customer(SETID, custId, name1, status,
                updated.atZone(zone).toLocalDate().minusDays(random.nextInt(2000)), updated, contacts);
    }
}
