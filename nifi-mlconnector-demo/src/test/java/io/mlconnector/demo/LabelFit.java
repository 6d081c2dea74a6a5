package io.mlconnector.demo;

import org.apache.nifi.flow.VersionedLabel;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether a label's text fits its box as NiFi 2.6.0's canvas draws it (label-manager.service.ts and
 * canvas-utils.service.ts, boundedMultilineEllipsis): bold text from x = 10, words wrapped at width − 15 px, and
 * floor(height ÷ line height) − 1 lines shown before the rest is cut. Text is measured with Helvetica Bold's advance
 * widths made 10 % wider, a little wider than the canvas's Inter Bold, and any other character an em wide; the line
 * height is 1.25 em (Inter's box is 1.21 em). So a label that fits here fits on the canvas.
 */
final class LabelFit {

    static final double WRAP_MARGIN = 15;
    static final double LINE_HEIGHT_EM = 1.25;
    private static final double WIDER_THAN_HELVETICA = 1.10;
    private static final Map<Character, Integer> HELVETICA_BOLD = new HashMap<>();

    static {
        put(" ,./\\Iijl", 278);
        put("!()-:;[]`ft", 333);
        put("'", 238);
        put("|", 280);
        put("*{}r", 389);
        put("\"", 474);
        put("z", 500);
        put("#$0123456789_Jacesvxyk", 556);
        put("+<=>^~", 584);
        put("?FLTZbdghnopqu", 611);
        put("EPSVXY", 667);
        put("&ABCDHKNRU", 722);
        put("GOQw", 778);
        put("M", 833);
        put("%m", 889);
        put("W", 944);
        put("@", 975);
    }

    private LabelFit() {
    }

    /** The lines the label's text takes at its width. */
    static int lines(final VersionedLabel label) {
        final double fontSize = fontSize(label);
        final double wrapAt = label.getWidth() - WRAP_MARGIN;
        int lines = 0;
        for (final String paragraph : label.getLabel().split("\n", -1)) {
            lines++;
            double line = 0;
            for (final String word : paragraph.trim().split("\\s+")) {
                final double wordWidth = width(word, fontSize);
                final double withWord = line == 0 ? wordWidth : line + width(" ", fontSize) + wordWidth;
                if (line > 0 && withWord > wrapAt) {
                    lines++;
                    line = wordWidth;
                } else {
                    line = withWord;
                }
            }
        }
        return lines;
    }

    /** The lines NiFi shows before it cuts the rest. */
    static int linesShown(final VersionedLabel label) {
        return (int) Math.floor(label.getHeight() / (LINE_HEIGHT_EM * fontSize(label))) - 1;
    }

    static double width(final String text, final double fontSize) {
        double em = 0;
        for (final char c : text.toCharArray()) {
            em += HELVETICA_BOLD.getOrDefault(c, 1000) / 1000.0;
        }
        return em * fontSize * WIDER_THAN_HELVETICA;
    }

    static double fontSize(final VersionedLabel label) {
        final String size = label.getStyle() == null ? null : label.getStyle().get("font-size");
        return size == null ? 12 : Double.parseDouble(size.replace("px", "").trim());
    }

    private static void put(final String characters, final int width) {
        for (final char c : characters.toCharArray()) {
            HELVETICA_BOLD.put(c, width);
        }
    }
}
