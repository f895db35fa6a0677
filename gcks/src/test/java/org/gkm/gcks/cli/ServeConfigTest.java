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
    void anOutOfRangeBatchSettingIsRefusedByName() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> read("\"batchWindowMillis\": -1, "));
        assertTrue(w.getMessage().contains("batchWindowMillis"), w.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> read("\"batchMax\": 0, "));
        assertTrue(m.getMessage().contains("batchMax"), m.getMessage());
    }
}
