package org.tpusim.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import java.util.Locale;
import org.tpusim.figure.Format;
import org.tpusim.figure.Unit;

/**
 * A small HTML builder: every piece of text goes through {@link #text}, which escapes it, so a value
 * from a scenario can never become markup.
 */
final class Html {
    private static final Escaper ESCAPER = HtmlEscapers.htmlEscaper();
    private final StringBuilder out = new StringBuilder(8192);

    static String escape(String s) {
        return ESCAPER.escape(s == null ? "" : s);
    }

    /** Appends trusted markup written in this package (never user text). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Html text(Object s) {
        out.append(escape(String.valueOf(s)));
        return this;
    }

    /** Appends an SVG chart built by {@code org.tpusim.report.chart} (which escapes its own text). */
    Html chart(String svg) {
        return raw("<figure>").raw(svg).raw("</figure>\n");
    }

    /** A row whose first cell is a header and whose other cells are right-aligned numbers. */
    Html numericRow(Object label, Object... cells) {
        raw("<tr>").element("td", label);
        for (Object c : cells) {
            raw("<td class=\"num\">").text(c).raw("</td>");
        }
        return raw("</tr>\n");
    }

    Html element(String tag, Object content) {
        if (content instanceof Link l) {
            return raw("<" + tag + "><a href=\"").text(l.href()).raw("\">").text(l.text()).raw("</a></" + tag + ">");
        }
        return raw("<" + tag + ">").text(content).raw("</" + tag + ">");
    }

    /** A cell that links {@code text} to {@code href} (a relative path tpusim wrote); both are escaped. */
    record Link(String text, String href) {
    }

    Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            element("td", c);
        }
        return raw("</tr>\n");
    }

    Html headerRow(String... cells) {
        raw("<tr>");
        for (String c : cells) {
            element("th", c);
        }
        return raw("</tr>\n");
    }

    /** Opens a self-contained page with the shared inline style sheet. */
    Html page(String title) {
        return raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .text(title).raw("</title><style>").raw(STYLE).raw("</style></head><body>\n");
    }

    String close() {
        return out.append("</body></html>\n").toString();
    }

    /** Seconds in the unit that suits them ({@link Format#seconds}). */
    static String seconds(double s) {
        return Format.seconds(s);
    }

    /** Bytes with binary units (KiB = 2^10 B). */
    static String bytes(double b) {
        return Format.bytes(b);
    }

    /** Bytes per second with decimal units (GB/s = 10^9 B/s). */
    static String bandwidth(double bps) {
        return Format.bandwidth(bps);
    }

    /** A number with {@value Format#DIGITS} significant digits. */
    static String sig(double v) {
        return Format.number(v);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.4f", r);
    }

    /** A figure's value in its unit, as the reports show it. */
    static String value(double v, Unit unit) {
        return switch (unit) {
            case SECONDS -> seconds(v);
            case MILLISECONDS -> Format.millis(v);
            case FRACTION -> percent(v);
            case CHIP_MS_PER_TOKEN -> sig(v);
            case TOKENS_PER_SECOND -> sig(v) + " tokens/s";
        };
    }

    static String percent(double f) {
        return Format.percent(f);
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;margin:0;
            padding:24px 32px;max-width:1100px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde;
            padding-bottom:4px}p.sub{color:#5a6375;margin:0 0 16px}
            table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 12px;text-align:left;
            border-bottom:1px solid #e6e8ee}th{background:#f3f5f9;font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{border:1px solid #dde;border-radius:8px;
            padding:10px 14px;min-width:150px}.card .v{font-size:20px;font-weight:600}.card .k{color:#5a6375;font-size:12px}
            code{background:#f3f5f9;padding:1px 4px;border-radius:3px}footer{margin-top:32px;color:#8a91a0;font-size:12px}
            figure{margin:8px 0}svg.chart{max-width:100%;height:auto;display:block}
            .charts{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
            table.header td:first-child{color:#5a6375;width:140px}p.note{color:#5a6375;font-size:12px;max-width:900px}
            h3{font-size:14px;margin:18px 0 4px}
            svg.chart .pt:hover{stroke:#1d2330;stroke-width:2.5}svg.chart polyline:hover{stroke-width:3.5}
            """;
}
