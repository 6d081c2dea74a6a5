package io.mlconnector.sandbox.peoplesoft;

/** A CUST_CONTACT row; exactly one contact of a customer is primary. */
public record CustomerContact(int cntctSeqNum, String firstName, String lastName, String email, boolean primary) {

    CustomerContact withEmail(String newEmail) {
        return new CustomerContact(cntctSeqNum, firstName, lastName, newEmail, primary);
    }
}
