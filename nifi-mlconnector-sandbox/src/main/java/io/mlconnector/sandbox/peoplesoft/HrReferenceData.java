package io.mlconnector.sandbox.peoplesoft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Department and job code tables, and the name pools seeded people are drawn from. */
final class HrReferenceData {

    static final Map<String, String> DEPARTMENTS = ordered(
            "10100", "Executive", "10200", "Sales", "10300", "Finance", "10400", "Human Resources",
            "10500", "Engineering", "10600", "Customer Support", "10700", "Marketing", "10800", "Operations");

    static final Map<String, String> JOB_CODES = ordered(
            "100010", "Chief Executive", "110020", "Account Executive", "120010", "Accountant",
            "130010", "HR Generalist", "140010", "Software Engineer", "140020", "Senior Software Engineer",
            "150010", "Support Analyst", "160010", "Marketing Specialist", "170010", "Operations Manager",
            "170020", "Warehouse Associate");

    static final List<String> FIRST_NAMES = List.of("Betty", "Juan", "Aisha", "Chen", "Olivia", "Liam", "Zoë", "José",
            "Renée", "Mohammed", "Priya", "Noah", "Emma", "Lucas", "Sofia", "Hiroshi", "Fatima", "Ivan", "Grace",
            "Mateo", "Amara", "Oskar", "Leila", "Daniel", "Ngozi", "Sean", "Ana", "Wei", "Chloé", "Kwame");

    static final List<String> LAST_NAMES = List.of("Locherty", "Ortiz", "Smith", "Nguyen", "García", "O'Brien",
            "Müller", "Khan", "Johnson", "Kowalski", "Rossi", "Tanaka", "Okafor", "Larsen", "Silva", "Dubois",
            "Patel", "Cohen", "Ivanova", "Brown", "Van der Berg", "Haddad", "Kim", "Moreau", "Fitzgerald");

    static final List<String> COMPANY_WORDS = List.of("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
            "Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Wonka", "Gringotts", "Oceanic", "Monarch");

    static final List<String> COMPANY_KINDS = List.of("Corp", "Industries", "Logistics", "Foods", "Partners",
            "Holdings", "Labs", "Trading", "Services", "& Sons");

    private HrReferenceData() {
    }

    static String departmentName(String deptid) {
        return DEPARTMENTS.getOrDefault(deptid, "");
    }

    static String jobTitle(String jobcode) {
        return JOB_CODES.getOrDefault(jobcode, "");
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
