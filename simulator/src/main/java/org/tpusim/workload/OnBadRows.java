package org.tpusim.workload;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a trace reader does with a row it cannot use ({@code on_bad_rows}). */
public enum OnBadRows {
    /** The first bad row fails the run with its file and line (the default). */
    REJECT("reject"),
    /** Bad rows are left out, each counted and listed with its line and reason in the results. */
    SKIP("skip");

    private final String key;

    OnBadRows(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<OnBadRows> fromKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(OnBadRows::key).collect(Collectors.joining(", "));
    }
}
