package io.mlconnector.sandbox.peoplesoft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may call what: OPRIDs with passwords, lock flags and permitted operations (empty = all), and bearer tokens
 * mapped to OPRIDs. Answers who a request runs as and whether that user may call the operation, or nobody when the
 * credentials are missing, wrong or locked (the listener answers 401 to both refusals, as Integration Broker does).
 */
final class PeopleSoftAuth {

    /** An authenticated caller, and whether its permission lists grant the operation asked for. */
    record Caller(String oprid, boolean permitted) {
    }

    private record User(byte[] password, boolean locked, Set<IbOperation> permissions) {
        boolean may(IbOperation operation) {
            return permissions.isEmpty() || permissions.contains(operation);
        }
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    void addUser(String oprid, String password, Set<IbOperation> permissions) {
        users.put(oprid, new User(bytes(password), false, Set.copyOf(permissions)));
    }

    void addToken(String token, String oprid) {
        tokens.put(token, oprid);
    }

    void changePassword(String oprid, String newPassword) {
        users.compute(oprid, (k, user) -> new User(bytes(newPassword), user(k, user).locked(), user.permissions()));
    }

    void lock(String oprid, boolean locked) {
        users.compute(oprid, (k, user) -> new User(user(k, user).password(), locked, user.permissions()));
    }

    /** Who the request runs as, or empty when the credentials are missing, wrong or locked. */
    Optional<Caller> authenticate(String authorization, IbOperation operation) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), operation);
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String oprid = tokens.get(authorization.substring(7).trim());
            if (oprid == null) {
                return Optional.empty();
            }
            User user = users.get(oprid);
            if (user != null && user.locked()) {
                return Optional.empty();
            }
            return Optional.of(new Caller(oprid, user == null || user.may(operation)));
        }
        return Optional.empty();
    }

    private Optional<Caller> basic(String encoded, IbOperation operation) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String oprid = decoded.substring(0, colon);
        User user = users.get(oprid);
        boolean passwordMatches = user != null
                && MessageDigest.isEqual(user.password(), bytes(decoded.substring(colon + 1)));
        return passwordMatches && !user.locked() ? Optional.of(new Caller(oprid, user.may(operation))) : Optional.empty();
    }

    private static User user(String oprid, User user) {
        if (user == null) {
            throw new IllegalArgumentException("Unknown OPRID " + oprid);
        }
        return user;
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
