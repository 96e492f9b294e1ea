package org.tpusim.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of tpusim, from the build. */
public final class TpusimVersion {
    private static final String VERSION = load();

    private TpusimVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = TpusimVersion.class.getResourceAsStream("/org/tpusim/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
