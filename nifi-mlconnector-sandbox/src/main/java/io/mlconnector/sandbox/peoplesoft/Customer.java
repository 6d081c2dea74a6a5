package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A customer (CUSTOMER with its CUST_CONTACT rows). {@code lastUpdated} is stamped by every change to the customer
 * or one of its contacts (whole seconds).
 */
public record Customer(String setid, String custId, String name1, String custStatus, LocalDate sinceDt,
                       Instant lastUpdated, List<CustomerContact> contacts) {

    public Customer {
        contacts = List.copyOf(contacts);
    }

    public Optional<CustomerContact> primaryContact() {
        return contacts.stream().filter(CustomerContact::primary).findFirst();
    }

    Customer with(String newName1, String newStatus, List<CustomerContact> newContacts, Instant stamp) {
        return new Customer(setid, custId, newName1, newStatus, sinceDt, stamp, newContacts);
    }
}
