package org.tpusim.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.workload.GenerationTrace;
import org.tpusim.workload.OnBadRows;
import org.tpusim.workload.Request;

/**
 * Reads a request trace (CSV, one request per row, a header naming the columns; see {@link TraceFormat}).
 * Lines that are empty or start with {@code #} are not rows. A row is bad when a required value is
 * missing or empty, not a number, negative, a token count that is not a whole number, an input or output
 * count of 0, or an arrival before the previous row's (traces must be sorted). Under
 * {@link OnBadRows#REJECT} the first bad row fails with {@code file:line: column: problem}; under
 * {@link OnBadRows#SKIP} it is left out and listed in {@link GenerationTrace#skipped()}. A file with no
 * usable row, or without a recognised header, is always an error.
 */
public final class TraceReader {
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    /** Largest trace file read, in bytes (1 GiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Longest line of a trace file, in characters. */
    public static final int MAX_LINE_CHARS = 1 << 16;
    /** Most request rows (good and bad) of a trace file, and most synthetic requests. */
    public static final int MAX_REQUESTS = 100_000;
    /** Most tokens of one request's prompt, history or output (10^7). */
    public static final long MAX_TOKENS = 10_000_000L;
    /** Latest arrival, in seconds after the first (10^9 s, about 32 years). */
    public static final double MAX_ARRIVAL_S = 1e9;

    private TraceReader() {
    }

    /**
     * @param file        the file to read
     * @param displayName how messages name it (the path as the scenario wrote it)
     */
    public static GenerationTrace read(Path file, String displayName, OnBadRows onBadRows) {
        List<String> lines = new ArrayList<>();
        try {
            // a regular file of bounded size, read line by line with bounded lines and rows
            YamlReader.checkRegularFile(file, displayName, MAX_FILE_BYTES, "trace file");
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
                int rows = 0;
                StringBuilder line = new StringBuilder();
                for (int c = r.read(); c >= 0 || line.length() > 0; c = r.read()) {
                    if (c >= 0 && c != '\n') {
                        if (line.length() >= MAX_LINE_CHARS) {
                            throw new InputException(displayName, lines.size() + 1, "", "line longer than "
                                    + MAX_LINE_CHARS + " characters (expected CSV rows of a request trace)");
                        }
                        line.append((char) c);
                        continue;
                    }
                    String text = line.toString();
                    line.setLength(0);
                    lines.add(text);
                    String t = text.strip();
                    if (!t.isEmpty() && !t.startsWith("#") && ++rows > MAX_REQUESTS + 1) {
                        throw new InputException(displayName, lines.size(), "", "more than " + MAX_REQUESTS
                                + " request rows (expected at most " + MAX_REQUESTS + ")");
                    }
                    if (c < 0) {
                        break;
                    }
                }
            } catch (CharacterCodingException e) {
                throw new InputException(displayName, lines.size() + 1, "", "not UTF-8 text (expected a UTF-8 CSV"
                        + " trace file)");
            }
        } catch (NoSuchFileException e) {
            throw new InputException(displayName, 0, "", "trace file not found");
        } catch (IOException e) {
            throw new InputException(displayName, 0, "", "cannot read the trace file: " + e.getMessage(), e);
        }
        return parse(displayName, lines, onBadRows);
    }

    /** The column of {@code r}'s longest length (prompt, history or output), for messages about its size. */
    public static String longestColumn(GenerationTrace trace, Request r) {
        TraceFormat f = java.util.Arrays.stream(TraceFormat.values()).filter(t -> t.key().equals(trace.format()))
                .findFirst().orElse(TraceFormat.TPUSIM);
        if (r.cachedTokens() > Math.max(r.inputTokens(), r.outputTokens()) && f.cachedColumn().isPresent()) {
            return f.cachedColumn().get();
        }
        return r.outputTokens() >= r.inputTokens() ? f.outputColumn() : f.inputColumn();
    }

    /** Parses the lines of a trace file (exposed for tests). */
    public static GenerationTrace parse(String displayName, List<String> lines, OnBadRows onBadRows) {
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            // a UTF-8 byte-order mark, as spreadsheet programs write it
            lines = new ArrayList<>(lines);
            lines.set(0, lines.get(0).substring(1));
        }
        final List<String> rows = lines;
        int headerIndex = nextRow(lines, 0);
        if (headerIndex < 0) {
            throw new InputException(displayName, 0, "", "empty trace (expected a header row: "
                    + TraceFormat.describeAll() + ")");
        }
        List<String> header = fields(lines.get(headerIndex));
        TraceFormat format = TraceFormat.recognise(header).orElseThrow(() -> new InputException(displayName,
                headerIndex + 1, "", "unrecognised header '" + rows.get(headerIndex).strip() + "' (expected columns "
                + TraceFormat.describeAll() + ")"));
        Columns cols = new Columns(header.indexOf(format.arrivalColumn()), header.indexOf(format.inputColumn()),
                header.indexOf(format.outputColumn()),
                format.cachedColumn().map(header::indexOf).orElse(-1),
                format == TraceFormat.TPUSIM ? header.indexOf(PREFIX_ID) : -1,
                format == TraceFormat.TPUSIM ? header.indexOf(PREFIX_TOKENS) : -1);
        if ((cols.prefixId() >= 0) != (cols.prefixTokens() >= 0)) {
            throw new InputException(displayName, headerIndex + 1, cols.prefixId() >= 0 ? PREFIX_ID : PREFIX_TOKENS,
                    "expected both prefix_id and prefix_tokens columns, or neither");
        }
        List<Request> requests = new ArrayList<>();
        List<GenerationTrace.SkippedRow> skipped = new ArrayList<>();
        Double firstDateTimeS = null;
        double lastArrivalS = 0;
        for (int i = nextRow(lines, headerIndex + 1); i >= 0; i = nextRow(lines, i + 1)) {
            int line = i + 1;
            List<String> f = fields(lines.get(i));
            try {
                double arrivalS;
                if (format.dateTimeArrivals()) {
                    double abs = dateTimeSeconds(f, cols.arrival(), format.arrivalColumn());
                    if (firstDateTimeS == null) {
                        firstDateTimeS = abs;
                    }
                    arrivalS = abs - firstDateTimeS;
                } else {
                    arrivalS = number(f, cols.arrival(), format.arrivalColumn());
                }
                if (arrivalS > MAX_ARRIVAL_S) {
                    throw new BadRow(format.arrivalColumn(), "arrival " + arrivalS + " s is after the first row's by"
                            + " more than " + MAX_ARRIVAL_S + " s (expected arrivals from 0 to 1e9 s)");
                }
                if (arrivalS < lastArrivalS) {
                    throw new BadRow(format.arrivalColumn(), "arrival " + arrivalS + " s is before the previous row's "
                            + lastArrivalS + " s (expected rows sorted by arrival)");
                }
                long input = tokens(f, cols.input(), format.inputColumn(), 1);
                long output = tokens(f, cols.output(), format.outputColumn(), 1);
                long cached = cols.cached() >= 0 && cols.cached() < f.size() && !f.get(cols.cached()).isEmpty()
                        ? tokens(f, cols.cached(), format.cachedColumn().orElseThrow(), 0) : 0;
                String idText = cols.prefixId() >= 0 && cols.prefixId() < f.size() ? f.get(cols.prefixId()) : "";
                String lenText = cols.prefixTokens() >= 0 && cols.prefixTokens() < f.size()
                        ? f.get(cols.prefixTokens()) : "";
                if (idText.isEmpty() != lenText.isEmpty()) {
                    throw new BadRow(idText.isEmpty() ? PREFIX_ID : PREFIX_TOKENS,
                            "expected prefix_id and prefix_tokens both set or both empty");
                }
                if (!idText.isEmpty()) {
                    long id = tokens(f, cols.prefixId(), PREFIX_ID, 0);
                    if (id > MAX_PREFIX_ID) {
                        throw new BadRow(PREFIX_ID, "expected a prefix id from 0 to " + MAX_PREFIX_ID + ", found " + id);
                    }
                    long len = tokens(f, cols.prefixTokens(), PREFIX_TOKENS, 1);
                    if (len > input) {
                        throw new BadRow(PREFIX_TOKENS, "prefix of " + len + " tokens is longer than the prompt's "
                                + input + " (expected a prefix within the prompt)");
                    }
                    requests.add(new Request(requests.size(), line, arrivalS * 1e9, input, cached, output, (int) id,
                            len));
                } else {
                    requests.add(new Request(requests.size(), line, arrivalS * 1e9, input, cached, output));
                }
                lastArrivalS = arrivalS;
            } catch (BadRow bad) {
                if (onBadRows == OnBadRows.REJECT) {
                    throw new InputException(displayName, line, bad.column, bad.getMessage()
                            + " (on_bad_rows: skip leaves such rows out and counts them)");
                }
                skipped.add(new GenerationTrace.SkippedRow(line, bad.column + ": " + bad.getMessage()));
            }
        }
        if (requests.isEmpty()) {
            throw new InputException(displayName, 0, "", "no usable request rows (" + skipped.size() + " skipped)");
        }
        return new GenerationTrace(displayName, format.key(), requests, skipped);
    }

    private record Columns(int arrival, int input, int output, int cached, int prefixId, int prefixTokens) {
    }

    static final String PREFIX_ID = "prefix_id";
    static final String PREFIX_TOKENS = "prefix_tokens";
    /** Largest prefix id (a whole number; ids need not be contiguous). */
    static final long MAX_PREFIX_ID = MAX_TOKENS;

    /** A row that cannot be used; {@code column} names the offending column. */
    private static final class BadRow extends Exception {
        private final String column;

        BadRow(String column, String problem) {
            super(problem, null, false, false);
            this.column = column;
        }
    }

    private static int nextRow(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(line.split(",", -1))) {
            String t = s.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            out.add(t);
        }
        return out;
    }

    private static String value(List<String> f, int index, String column) throws BadRow {
        if (index >= f.size() || f.get(index).isEmpty()) {
            throw new BadRow(column, "missing value");
        }
        return f.get(index);
    }

    private static double number(List<String> f, int index, String column) throws BadRow {
        String v = value(f, index, column);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadRow(column, "'" + v + "' is not a number");
        }
        if (!Double.isFinite(d) || v.matches("(?i).*(nan|infinity|[fdx]).*")) {
            throw new BadRow(column, "'" + v + "' is not a finite number");
        }
        if (d < 0) {
            throw new BadRow(column, "negative value " + v + " (expected >= 0)");
        }
        return d;
    }

    private static long tokens(List<String> f, int index, String column, long min) throws BadRow {
        double d = number(f, index, column);
        if (d != Math.rint(d)) {
            throw new BadRow(column, "'" + f.get(index) + "' is not a whole number of tokens");
        }
        if (d > MAX_TOKENS) {
            throw new BadRow(column, "token count " + f.get(index) + " (expected at most " + MAX_TOKENS + ")");
        }
        if (d < min) {
            throw new BadRow(column, "token count " + (long) d + " (expected at least " + min + ")");
        }
        return (long) d;
    }

    private static double dateTimeSeconds(List<String> f, int index, String column) throws BadRow {
        String v = value(f, index, column);
        try {
            LocalDateTime t = LocalDateTime.parse(v, DATE_TIME);
            return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            throw new BadRow(column, "'" + v + "' is not a date-time (expected e.g. 2023-11-16 18:15:46.6805900)");
        }
    }
}
