package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gkm serve}: the master key file checks, the configuration checks, a start and stop. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("gkm.json"), json);
    }

    private Path key(String perms, int length) throws Exception {
        Path k = dir.resolve("master.key");
        Files.deleteIfExists(k);
        Files.write(k, new byte[length]);
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString(perms));
        return k;
    }

    private static final String CONFIG = """
            {"port": 0, "httpPort": 0, "dataDirectory": "data", "masterKeyFile": "master.key",
             "groups": [{"id": 1}, {"id": 2, "tree": "hybrid", "degree": 8}]}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "r--r--r--"})
    void aMasterKeyFileOthersCanReadRefusesToStart(String perms) throws Exception {
        Path c = config(CONFIG);
        key(perms, 32);
        CliRun r = CliRun.of("serve", "--config", c.toString(), "--provider", "java", "--stop-after-start");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("refusing to start") && r.err().contains("owner only") && r.err().contains(perms), r.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing is created before the checks pass");
    }

    @Test
    void aMissingOrShortMasterKeyRefusesToStart() throws Exception {
        Path c = config(CONFIG);
        CliRun r = CliRun.of("serve", "--config", c.toString(), "--provider", "java", "--stop-after-start");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("does not exist"), r.err());
        key("rw-------", 31);
        r = CliRun.of("serve", "--config", c.toString(), "--provider", "java", "--stop-after-start");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("31 bytes"), r.err());
    }

    @Test
    void aBadConfigurationRefusesToStart() throws Exception {
        key("rw-------", 32);
        CliRun r = CliRun.of("serve", "--config", config("{\"dataDirectory\": \"d\", \"masterKeyFile\": \"master.key\", \"groups\": [], \"x\": 1}")
                .toString(), "--provider", "java", "--stop-after-start");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("\"x\""), r.err());
    }

    @Test
    void anOwnerOnlyKeyStartsTheServerAndOpensTheStore() throws Exception {
        Path c = config(CONFIG);
        key("r--------", 32);
        CliRun r = CliRun.of("serve", "--config", c.toString(), "--provider", "java", "--stop-after-start");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("2 group(s)") && r.out().contains("group 1 created at sequence 0")
                && r.out().contains("group 2 created"), r.out());
        assertTrue(Files.exists(dir.resolve("data").resolve("gkm.db")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
        CliRun again = CliRun.of("serve", "--config", c.toString(), "--provider", "java", "--stop-after-start");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("group 1 opened at sequence 0") && again.out().contains("group 2 opened"), again.out());
    }
}
