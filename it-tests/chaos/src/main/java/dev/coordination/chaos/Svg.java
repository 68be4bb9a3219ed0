package dev.coordination.chaos;

import java.util.Locale;

/**
 * Just enough SVG for the timeline, built as text: shapes, text and tooltips, with coordinates
 * rounded to a tenth of a pixel and text escaped. No dependency, and the output is plain enough to
 * read in a diff.
 */
final class Svg {

    private final StringBuilder body = new StringBuilder();
    private final double width;
    private final double height;

    Svg(double width, double height) {
        this.width = width;
        this.height = height;
    }

    /** A rectangle; {@code style} is raw attributes such as {@code fill="#123" opacity="0.5"}. */
    Svg rect(double x, double y, double w, double h, String style) {
        return rect(x, y, w, h, style, null);
    }

    /** A rectangle with a tooltip (shown by browsers on hover); {@code tooltip} may be null. */
    Svg rect(double x, double y, double w, double h, String style, String tooltip) {
        body.append("<rect x=\"")
                .append(number(x))
                .append("\" y=\"")
                .append(number(y))
                .append("\" width=\"")
                .append(number(w))
                .append("\" height=\"")
                .append(number(h))
                .append("\" ")
                .append(style);
        if (tooltip == null) {
            body.append("/>\n");
        } else {
            body.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String style) {
        body.append("<line x1=\"")
                .append(number(x1))
                .append("\" y1=\"")
                .append(number(y1))
                .append("\" x2=\"")
                .append(number(x2))
                .append("\" y2=\"")
                .append(number(y2))
                .append("\" ")
                .append(style)
                .append("/>\n");
        return this;
    }

    Svg polygon(String style, double... points) {
        body.append("<polygon points=\"");
        for (int index = 0; index < points.length; index += 2) {
            body.append(index == 0 ? "" : " ")
                    .append(number(points[index]))
                    .append(',')
                    .append(number(points[index + 1]));
        }
        body.append("\" ").append(style).append("/>\n");
        return this;
    }

    /** Text whose baseline starts at ({@code x}, {@code y}). */
    Svg text(double x, double y, String text, String style) {
        body.append("<text x=\"")
                .append(number(x))
                .append("\" y=\"")
                .append(number(y))
                .append("\" ")
                .append(style)
                .append('>')
                .append(escape(text))
                .append("</text>\n");
        return this;
    }

    /** Raw markup, such as a {@code <defs>} block. */
    Svg raw(String markup) {
        body.append(markup).append('\n');
        return this;
    }

    /** The whole document. */
    String document() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(width) + "\" height=\"" + number(height)
                + "\" viewBox=\"0 0 " + number(width) + " " + number(height) + "\" font-family=\"DejaVu Sans, Arial,"
                + " sans-serif\" font-size=\"11\">\n" + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body
                + "</svg>\n";
    }

    /** A rough width of {@code text} at {@code fontSize}, for placing labels so they do not collide. */
    static double textWidth(String text, double fontSize) {
        return text.length() * fontSize * 0.6;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String number(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }
}
