package org.tpusim.workload;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/** What a trace reader does with a row it cannot use ({@code on_bad_rows}). */
public enum OnBadRows implements Keyed {
    /** The first bad row fails the run with its file and line (the default). */
    REJECT("reject"),
    /** Bad rows are left out, each counted and listed with its line and reason in the results. */
    SKIP("skip");

    private final String key;

    OnBadRows(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<OnBadRows> fromKey(String key) {
        return Keys.fromKey(OnBadRows.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(OnBadRows.class);
    }
}
