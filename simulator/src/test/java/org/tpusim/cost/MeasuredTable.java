package org.tpusim.cost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A measured CSV from the test resources: a header line, then rows; quoted fields may hold commas. */
record MeasuredTable(String resource, List<MeasuredTable.Row> rows) {

    /** One row, read by column name. */
    record Row(String resource, int line, Map<String, String> cells) {
        String text(String column) {
            String v = cells.get(column);
            if (v == null) {
                throw new IllegalArgumentException(resource + ":" + line + ": no column '" + column + "'");
            }
            return v;
        }

        double number(String column) {
            return Double.parseDouble(text(column));
        }

        long whole(String column) {
            return Long.parseLong(text(column));
        }
    }

    static MeasuredTable read(String resource) {
        try (InputStream in = MeasuredTable.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + resource);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
            List<String> header = split(lines[0]);
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                List<String> fields = split(lines[i]);
                if (fields.size() != header.size()) {
                    throw new IllegalStateException(resource + ":" + (i + 1) + ": " + fields.size()
                            + " fields, header has " + header.size());
                }
                Map<String, String> cells = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    cells.put(header.get(c), fields.get(c));
                }
                rows.add(new Row(resource, i + 1, cells));
            }
            return new MeasuredTable(resource, List.copyOf(rows));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }
}
