package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gkm.gcks.server.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch window settings of the serve configuration file: defaults, values, and refused values. */
class ServeConfigTest {
    @TempDir
    Path dir;

    private ServeConfig read(String extra) throws Exception {
        Path f = dir.resolve("gkm.json");
        Files.writeString(f, "{\"dataDirectory\": \"data\", \"masterKeyFile\": \"master.key\", " + extra
                + "\"groups\": [{\"id\": 1}]}");
        return ServeConfig.read(f);
    }

    @Test
    void theBatchWindowDefaultsToTheServersAndIsSettable() throws Exception {
        ServeConfig d = read("");
        assertEquals(ServerOptions.DEFAULT_BATCH_WINDOW.toMillis(), d.batchWindowMillis());
        assertEquals(ServerOptions.DEFAULT_BATCH_MAX, d.batchMax());
        ServeConfig off = read("\"batchWindowMillis\": 0, \"batchMax\": 64, ");
        assertEquals(0, off.batchWindowMillis());
        assertEquals(64, off.batchMax());
    }

    @Test
    void aGroupMayHaveItsOwnBatchWindowAndTekLifetime() throws Exception {
        Path f = dir.resolve("groups.json");
        Files.writeString(f, "{\"dataDirectory\": \"data\", \"masterKeyFile\": \"master.key\", \"groups\": ["
                + "{\"id\": 1}, {\"id\": 2, \"batchWindowMillis\": 0, \"tekLifetimeSeconds\": 3600}]}");
        ServeConfig c = ServeConfig.read(f);
        assertEquals(org.gkm.gcks.server.GroupTiming.SERVER, c.groups().get(0).timing());
        assertEquals(java.time.Duration.ZERO, c.groups().get(1).timing().batchWindow());
        assertEquals(java.time.Duration.ofHours(1), c.groups().get(1).timing().tekLifetime());
        Files.writeString(f, "{\"dataDirectory\": \"data\", \"masterKeyFile\": \"master.key\", \"groups\": ["
                + "{\"id\": 2, \"tekLifetimeSeconds\": -1}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeConfig.read(f));
        assertTrue(e.getMessage().contains("group 2") && e.getMessage().contains("tekLifetimeSeconds"), e.getMessage());
    }

    @Test
    void anOutOfRangeBatchSettingIsRefusedByName() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> read("\"batchWindowMillis\": -1, "));
        assertTrue(w.getMessage().contains("batchWindowMillis"), w.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> read("\"batchMax\": 0, "));
        assertTrue(m.getMessage().contains("batchMax"), m.getMessage());
    }
}
