package io.mlconnector.sandbox.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile text and bytes for the fuzz tests: strings mixing Unicode, control characters,
 * quotes, escapes and URL-significant characters, and mutations of a valid document (truncation, flipped bytes,
 * insertions, deep nesting, huge values). The number of inputs per test is {@code -Dfuzz.inputs} (800 per test in the build;
 * bin/soak runs many more).
 */
public final class Hostile {

    public static final int INPUTS = Integer.getInteger("fuzz.inputs", 800);
    /** The docs/reliability.md section a fuzz test reports to: the build's, or the long run's (bin/soak). */
    public static final String SECTION_SUFFIX = System.getProperty("fuzz.inputs") == null ? "" : "-long";
    public static final long SEED = Long.getLong("fuzz.seed", 20261204L);

    private static final String[] PIECES = {"a", "Z", "0", " ", "\t", "\r\n", "\u0000", "\u0007", "\u001b", "\u007f", "\u00e9",
            "\u00df", "\u0130", "\u4e2d", "\ud83d\ude00", "\ud800", "\u202e", "\ufeff", "\"", "'", "\\", "/", "..", "?", "#", "%2F",
            "%00", "&", "=", "+", "@", ".", ",", ";", ":", "<", ">", "{", "}", "[", "]", "-", "_"};

    private Hostile() {
    }

    public static String text(final Random random, final int maxPieces) {
        final StringBuilder text = new StringBuilder();
        final int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    /** A JSON string literal of {@code text}, escaped as a JSON writer would (or, sometimes, raw). */
    public static String jsonString(final Random random, final String text) {
        if (random.nextInt(20) == 0) {
            return "\"" + text + "\"";
        }
        final StringBuilder json = new StringBuilder("\"");
        for (final char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** A scalar JSON value: hostile strings, datetimes good and bad, numbers large and odd, booleans, null. */
    public static String jsonScalar(final Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> random.nextBoolean() ? "1e99999" : "-0.000000000000000000000001";
            case 4 -> "\"2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T0" + random.nextInt(10) + ":30:00-0" + random.nextInt(10) + "00\"";
            case 5 -> jsonString(random, List.of("2024-02-30T10:00:00", "2024-05-01T25:61:00+2500", "99999-01-01T00:00:00Z",
                    "2024-05-01-09.30.00.000000", "2024-05-01", "", " ", "T").get(random.nextInt(8)));
            case 6 -> "\"" + "x".repeat(random.nextInt(50) == 0 ? 100_000 : 300) + "\"";
            default -> jsonString(random, text(random, 12));
        };
    }

    /** One of a handful of mutations of a valid document, or the document itself. */
    public static byte[] mutate(final Random random, final String document) {
        final byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> bytes;
            case 1 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> {
                final byte[] flipped = bytes.clone();
                for (int i = 0; i < 1 + random.nextInt(4) && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield flipped;
            }
            case 3 -> {
                final int at = random.nextInt(document.length() + 1);
                yield (document.substring(0, at) + text(random, 4) + document.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> ("[".repeat(1_000 + random.nextInt(4_000)) + document).getBytes(StandardCharsets.UTF_8);
            case 5 -> document.replace("rows", "ro\u0000ws").replace("query", "{\"query\":").getBytes(StandardCharsets.UTF_8);
            default -> {
                final int at = random.nextInt(document.length() + 1);
                yield (document.substring(0, at) + document.substring(at, Math.min(document.length(), at + 40)).repeat(3)
                        + document.substring(Math.min(document.length(), at + 40))).getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
