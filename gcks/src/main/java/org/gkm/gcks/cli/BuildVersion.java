package org.gkm.gcks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version line of {@code gkm --version}: the project version Maven wrote into this jar's
 * {@code gkm-build.properties} (resource filtering of the root pom's version, the same source the
 * native library's version comes from). A jar built without filtering says so instead of guessing.
 */
final class BuildVersion implements CommandLine.IVersionProvider {
    static final String RESOURCE = "gkm-build.properties";

    @Override
    public String[] getVersion() {
        String v = version();
        return new String[] {"gkm " + (v == null ? "(version unknown: " + RESOURCE + " missing or not filtered)" : v)};
    }

    /** The project version this jar was built as, or null if the resource is missing or unfiltered. */
    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.contains("${") ? null : v.strip();
        } catch (IOException e) {
            return null;
        }
    }
}
