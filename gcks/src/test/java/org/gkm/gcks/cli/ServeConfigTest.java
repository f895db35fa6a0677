package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gkm.gcks.server.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve configuration file: batch window and replication settings, defaults, values, and refused values. */
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

    private static final String REPLICAS = "\"replicas\": ["
            + "{\"id\": \"r1\", \"raft\": \"127.0.0.1:7501\", \"frames\": \"127.0.0.1:7447\"},"
            + "{\"id\": \"r2\", \"raft\": \"127.0.0.1:7502\", \"frames\": \"127.0.0.1:7457\"},"
            + "{\"id\": \"r3\", \"raft\": \"127.0.0.1:7503\", \"frames\": \"127.0.0.1:7467\"}]";

    private ServeConfig replicated(String replication) throws Exception {
        return read("\"securityManagerKeyFile\": \"sm.key\", \"replication\": {" + replication + "}, ");
    }

    @Test
    void aReplicatedConfigurationNamesItsReplicasAndItself() throws Exception {
        assertEquals(null, read("").replication(), "not replicated unless configured");
        ServeConfig c = replicated("\"self\": \"r1\", " + REPLICAS);
        assertEquals("r1", c.replication().self());
        assertEquals(3, c.replication().replicas().size());
        assertEquals(java.util.List.of(1000L, 2000L), c.replication().electionTimeoutMillis());
        assertEquals(java.util.List.of(300L, 600L),
                replicated("\"self\": \"r1\", \"electionTimeoutMillis\": [300, 600], " + REPLICAS).replication().electionTimeoutMillis());
        assertEquals(null, c.replication().tls(), "plain gRPC between replicas unless TLS is configured");
        ServeConfig tls = replicated("\"self\": \"r1\", " + REPLICAS
                + ", \"tls\": {\"certificateFile\": \"r1.crt\", \"privateKeyFile\": \"r1.key\", \"trustFile\": \"ca.crt\"}");
        assertEquals(new ServeConfig.TlsConfig("r1.crt", "r1.key", "ca.crt"), tls.replication().tls());
        assertThrows(IllegalArgumentException.class, () -> replicated("\"self\": \"r1\", " + REPLICAS
                + ", \"tls\": {\"certificateFile\": \"r1.crt\", \"trustFile\": \"ca.crt\"}"), "a TLS section names all three files");
    }

    @Test
    void aReplicatedConfigurationThatCannotWorkIsRefusedByName() {
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("\"self\": \"r9\", " + REPLICAS, "self r9 is not among the replicas");
        bad.put("\"self\": \"r2\", " + REPLICAS, "is not this server's port 7447");
        bad.put("\"self\": \"r1\", \"electionTimeoutMillis\": [900, 600], " + REPLICAS, "electionTimeoutMillis");
        bad.put("\"self\": \"r1\", \"electionTimeoutMillis\": [600, 600], " + REPLICAS, "electionTimeoutMillis");
        bad.put("\"self\": \"r1\", \"replicas\": []", "no replicas");
        bad.put("\"self\": \"r1\", " + REPLICAS.replace("7502", "7501"), "used twice");
        bad.put("\"self\": \"r1\", " + REPLICAS.replace("\"r3\"", "\"r2\""), "distinct");
        bad.put("\"self\": \"r1\", " + REPLICAS.replace("\"r3\"", "\"r 3\""), "replica id r 3");
        bad.put("\"self\": \"r1\", " + REPLICAS.replace("127.0.0.1:7503", "nowhere"), "not host:port");
        for (var e : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> replicated(e.getKey()), e.getKey());
            assertTrue(x.getMessage().contains("replication: ") && x.getMessage().contains(e.getValue()), x.getMessage());
        }
        // every replica must hold the same security manager key: it is required
        IllegalArgumentException sm = assertThrows(IllegalArgumentException.class,
                () -> read("\"replication\": {\"self\": \"r1\", " + REPLICAS + "}, "));
        assertTrue(sm.getMessage().contains("securityManagerKeyFile"), sm.getMessage());
    }

    private ServeConfig group(String group) throws Exception {
        Path f = dir.resolve("delegation.json");
        Files.writeString(f, "{\"dataDirectory\": \"data\", \"masterKeyFile\": \"master.key\", \"groups\": [" + group + "]}");
        return ServeConfig.read(f);
    }

    private static final String SUBTREES = "\"subtrees\": [{\"id\": 0, \"linkKeyFile\": \"link-0.key\"},"
            + " {\"id\": 1, \"linkKeyFile\": \"link-1.key\"}]";
    private static final String PARENT = "\"parent\": {\"frames\": [\"127.0.0.1:7447\"], \"group\": 1, \"subtree\": 0,"
            + " \"linkKeyFile\": \"link.key\"}";

    @Test
    void aGroupDelegatesToSubtreesOrReportsToAParent() throws Exception {
        ServeConfig.GroupConfig delegating = group("{\"id\": 1, " + SUBTREES + "}").groups().get(0);
        assertEquals(2, delegating.subtrees().size());
        assertEquals("link-1.key", delegating.subtrees().get(1).linkKeyFile());
        assertEquals(null, delegating.parent());
        ServeConfig.GroupConfig delegated = group("{\"id\": 5, " + PARENT + "}").groups().get(0);
        assertTrue(delegated.subtrees().isEmpty());
        assertEquals(java.util.List.of("127.0.0.1:7447"), delegated.parent().frames());
        assertEquals(1, delegated.parent().group());
        assertEquals("symmetric", delegated.parent().tree(), "the parent's tree mode defaults to symmetric");
        assertEquals(0, delegated.parent().subtree());
    }

    @Test
    void aDelegationThatCannotWorkIsRefusedByName() {
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"id\": 1, " + SUBTREES + ", " + PARENT + "}", "group 1: a group delegates to subtrees or reports to a parent, not both");
        bad.put("{\"id\": 1, " + SUBTREES.replace("\"id\": 1", "\"id\": 0") + "}", "group 1: subtrees need distinct ids");
        bad.put("{\"id\": 1, \"subtrees\": [{\"id\": -1, \"linkKeyFile\": \"l.key\"}]}", "group 1: subtrees need distinct ids >= 0");
        bad.put("{\"id\": 5, " + PARENT.replace("[\"127.0.0.1:7447\"]", "[]") + "}", "group 5: parent: frames (at least one)");
        bad.put("{\"id\": 5, " + PARENT.replace("127.0.0.1:7447", "nowhere") + "}", "group 5: parent: ");
        bad.put("{\"id\": 5, " + PARENT.replace("\"subtree\": 0", "\"subtree\": -2") + "}", "subtree >= 0");
        bad.put("{\"id\": 5, " + PARENT.replace("\"group\": 1,", "\"group\": 1, \"tree\": \"flat\",") + "}", "tree symmetric|hybrid");
        for (var e : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> group(e.getKey()), e.getKey());
            assertTrue(x.getMessage().contains(e.getValue()), x.getMessage());
        }
        // a subtree without its link key file, a parent without one: Jackson names the missing field
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> group("{\"id\": 1, \"subtrees\": [{\"id\": 0}]}"));
        assertTrue(noKey.getMessage().contains("linkKeyFile"), noKey.getMessage());
        IllegalArgumentException noParentKey = assertThrows(IllegalArgumentException.class,
                () -> group("{\"id\": 5, " + PARENT.replace(", \"linkKeyFile\": \"link.key\"", "") + "}"));
        assertTrue(noParentKey.getMessage().contains("linkKeyFile"), noParentKey.getMessage());
    }
}
