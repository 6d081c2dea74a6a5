package io.mlconnector.nifi.mailchimp.sync;

/**
 * The keys a record's person is known by while its outcome is awaited: its subscriber hash, its source ID and the
 * subscriber hash of the member its plan changes (another address for an email change); each may be {@code null}.
 */
record PersonKeys(String subscriberHash, String sourceId, String targetHash) {

    static final PersonKeys NONE = new PersonKeys(null, null, null);
}
