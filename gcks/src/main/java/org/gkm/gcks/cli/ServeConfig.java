package org.gkm.gcks.cli;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gkm.gcks.server.GroupTiming;

/**
 * The configuration file of {@code gkm serve} (JSON, read with Jackson; unknown fields are errors):
 *
 * <pre>
 * {
 *   "bind": "127.0.0.1",            listen address of the frame transport and the HTTP endpoint
 *   "port": 7447,                   frame transport (0: any free port)
 *   "httpPort": 7448,               resync (c) posting and /metrics (0: any free port)
 *   "dataDirectory": "data",        the store (relative to the configuration file)
 *   "masterKeyFile": "master.key",  32 raw bytes, owner-only permissions (relative to the file)
 *   "unackedLimit": 3, "ejectUnacked": false, "tekLifetimeSeconds": 0,  (0: no scheduled TEK change)
 *   "snapshotEveryRecords": 1000,   a key-server snapshot every N rekeys; the records before it are compacted
 *   "batchWindowMillis": 5,         joins and removals within this window: one batch rekey (0: one rekey each)
 *   "batchMax": 128,                the most changes in one batch (1..512); a full batch is committed at once
 *   "securityManagerKeyFile": null, optional: the local security manager's Ed25519 key (32 raw bytes,
 *                                   owner-only), read at the first start only; without it one is generated
 *   "groups": [ { "id": 1, "degree": 4, "tree": "symmetric", "maxMembers": 1000, "retainedMessages": 1000,
 *                 "batchWindowMillis": null, "tekLifetimeSeconds": null } ]   (null: the server's value)
 * }
 * </pre>
 */
record ServeConfig(String bind, int port, int httpPort, String dataDirectory, String masterKeyFile, int unackedLimit,
        boolean ejectUnacked, long tekLifetimeSeconds, int snapshotEveryRecords, long batchWindowMillis, int batchMax,
        String securityManagerKeyFile, List<GroupConfig> groups) {

    /**
     * One hosted group; {@code batchWindowMillis} and {@code tekLifetimeSeconds} give it its own
     * batch window and TEK lifetime (null: the server's).
     */
    record GroupConfig(long id, int degree, String tree, int maxMembers, int retainedMessages, Long batchWindowMillis,
            Long tekLifetimeSeconds) {
        @JsonCreator
        GroupConfig(@JsonProperty(value = "id", required = true) long id, @JsonProperty("degree") Integer degree,
                @JsonProperty("tree") String tree, @JsonProperty("maxMembers") Integer maxMembers,
                @JsonProperty("retainedMessages") Integer retainedMessages,
                @JsonProperty("batchWindowMillis") Long batchWindowMillis,
                @JsonProperty("tekLifetimeSeconds") Long tekLifetimeSeconds) {
            this(id, degree == null ? 4 : degree, tree == null ? "symmetric" : tree, maxMembers == null ? 1000 : maxMembers,
                    retainedMessages == null ? 1000 : retainedMessages, batchWindowMillis, tekLifetimeSeconds);
        }

        /** The group's own timing (null fields: the server's). */
        GroupTiming timing() {
            return GroupTiming.of(batchWindowMillis, tekLifetimeSeconds);
        }
    }

    @JsonCreator
    ServeConfig(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port, @JsonProperty("httpPort") Integer httpPort,
            @JsonProperty(value = "dataDirectory", required = true) String dataDirectory,
            @JsonProperty(value = "masterKeyFile", required = true) String masterKeyFile,
            @JsonProperty("unackedLimit") Integer unackedLimit, @JsonProperty("ejectUnacked") Boolean ejectUnacked,
            @JsonProperty("tekLifetimeSeconds") Long tekLifetimeSeconds,
            @JsonProperty("snapshotEveryRecords") Integer snapshotEveryRecords,
            @JsonProperty("batchWindowMillis") Long batchWindowMillis, @JsonProperty("batchMax") Integer batchMax,
            @JsonProperty("securityManagerKeyFile") String securityManagerKeyFile,
            @JsonProperty(value = "groups", required = true) List<GroupConfig> groups) {
        this(bind == null ? "127.0.0.1" : bind, port == null ? 7447 : port, httpPort == null ? 7448 : httpPort, dataDirectory,
                masterKeyFile, unackedLimit == null ? 3 : unackedLimit, ejectUnacked != null && ejectUnacked,
                tekLifetimeSeconds == null ? 0 : tekLifetimeSeconds, snapshotEveryRecords == null ? 1000 : snapshotEveryRecords,
                batchWindowMillis == null ? org.gkm.gcks.server.ServerOptions.DEFAULT_BATCH_WINDOW.toMillis() : batchWindowMillis,
                batchMax == null ? org.gkm.gcks.server.ServerOptions.DEFAULT_BATCH_MAX : batchMax, securityManagerKeyFile, groups == null ? List.of() : List.copyOf(groups));
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    static ServeConfig read(Path file) {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        ServeConfig c;
        try {
            c = json.readValue(Files.readAllBytes(file), ServeConfig.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        String problem = c.problem();
        if (problem != null) {
            throw new IllegalArgumentException(file + ": " + problem);
        }
        return c;
    }

    private String problem() {
        if (port < 0 || port > 65535 || httpPort < 0 || httpPort > 65535) {
            return "port and httpPort must be 0..65535";
        }
        if (unackedLimit < 1) {
            return "unackedLimit must be >= 1";
        }
        if (snapshotEveryRecords < 1) {
            return "snapshotEveryRecords must be >= 1";
        }
        if (tekLifetimeSeconds < 0) {
            return "tekLifetimeSeconds must be >= 0";
        }
        if (batchWindowMillis < 0 || batchWindowMillis >= 10_000) {
            return "batchWindowMillis must be 0..9999 (shorter than the 10 s registration exchange deadline)";
        }
        if (batchMax < 1 || batchMax > org.gkm.gcks.server.ServerOptions.MAX_BATCH) {
            return "batchMax must be 1.." + org.gkm.gcks.server.ServerOptions.MAX_BATCH;
        }
        if (groups.isEmpty()) {
            return "no groups";
        }
        if (groups.stream().map(GroupConfig::id).distinct().count() != groups.size()) {
            return "group ids must be distinct";
        }
        for (GroupConfig g : groups) {
            if (g.id() < 0 || g.degree() < 2 || g.degree() > 64 || g.maxMembers() < 1 || g.maxMembers() > 65535
                    || g.retainedMessages() < 1 || !(g.tree().equals("symmetric") || g.tree().equals("hybrid"))) {
                return "group " + g.id() + ": id >= 0, degree 2..64, tree symmetric|hybrid, maxMembers 1..65535,"
                        + " retainedMessages >= 1";
            }
            if ((g.batchWindowMillis() != null && (g.batchWindowMillis() < 0 || g.batchWindowMillis() >= 10_000))
                    || (g.tekLifetimeSeconds() != null && g.tekLifetimeSeconds() < 0)) {
                return "group " + g.id() + ": batchWindowMillis 0..9999, tekLifetimeSeconds >= 0";
            }
        }
        return null;
    }
}
