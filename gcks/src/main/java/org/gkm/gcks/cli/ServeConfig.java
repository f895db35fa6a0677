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
 *                 "batchWindowMillis": null, "tekLifetimeSeconds": null } ],   (null: the server's value)
 *   "replication": null             optional: the groups are replicated over these replicas (below)
 * }
 * </pre>
 *
 * <p>Subtree delegation between GCKS processes (claim 18; docs/gcks.md, "Delegated subtrees"): a
 * group with {@code subtrees} is a delegating parent whose members are those subtrees, each with
 * the pairwise link key file it shares with the subtree's GCKS; a group with {@code parent} is a
 * delegated subtree that reports its root key changes to the parent group at those addresses (every
 * replica of a replicated parent), whose tree mode and degree it names, and relays the parent's
 * rekey messages to its members; members read the parent's published path at its {@code http}
 * endpoints (optional; without them members cannot build their parent state):
 *
 * <pre>
 *   { "id": 1, "subtrees": [ { "id": 0, "linkKeyFile": "link-0.key" }, { "id": 1, "linkKeyFile": "link-1.key" } ] }
 *   { "id": 5, "parent": { "frames": ["127.0.0.1:7447"], "http": ["http://127.0.0.1:7448"], "group": 1,
 *                          "tree": "symmetric", "degree": 4, "subtree": 0, "linkKeyFile": "link-0.key" } }
 * </pre>
 *
 * <p>A replicated GCKS ({@link ReplicationConfig}): every replica has its own configuration file
 * with the same groups and the same replica list, its own {@code self}, data directory and ports,
 * and the same master key and security manager key (entries are sealed under the master key, and
 * members' credentials must verify on every replica):
 *
 * <pre>
 *   "replication": { "self": "r1", "electionTimeoutMillis": [1000, 2000],
 *     "replicas": [ { "id": "r1", "raft": "127.0.0.1:7501", "frames": "127.0.0.1:7447" }, ... ],
 *     "tls": { "certificateFile": "r1.crt", "privateKeyFile": "r1.key", "trustFile": "ca.crt" } }   (optional)
 * </pre>
 */
record ServeConfig(String bind, int port, int httpPort, String dataDirectory, String masterKeyFile, int unackedLimit,
        boolean ejectUnacked, long tekLifetimeSeconds, int snapshotEveryRecords, long batchWindowMillis, int batchMax,
        String securityManagerKeyFile, List<GroupConfig> groups, ReplicationConfig replication) {

    /**
     * The replicas of a replicated GCKS (Raft groups on Apache Ratis; docs/gcks.md, "Replicated GCKS").
     *
     * @param self this process's replica id
     * @param replicas every replica: id, Raft address, frame transport address
     * @param electionTimeoutMillis the election timeout range [min, max]
     */
    record ReplicationConfig(String self, List<ReplicaConfig> replicas, List<Long> electionTimeoutMillis, TlsConfig tls) {
        @JsonCreator
        ReplicationConfig(@JsonProperty(value = "self", required = true) String self,
                @JsonProperty(value = "replicas", required = true) List<ReplicaConfig> replicas,
                @JsonProperty("electionTimeoutMillis") List<Long> electionTimeoutMillis, @JsonProperty("tls") TlsConfig tls) {
            this.self = self;
            this.replicas = replicas == null ? List.of() : List.copyOf(replicas);
            this.electionTimeoutMillis = electionTimeoutMillis == null ? List.of(1000L, 2000L) : List.copyOf(electionTimeoutMillis);
            this.tls = tls;
        }
    }

    /**
     * Mutual TLS between replicas: PEM files (relative to the configuration file) of this replica's
     * certificate (chain), its PKCS#8 private key (owner-only) and the CA certificates it trusts.
     */
    record TlsConfig(@JsonProperty(value = "certificateFile", required = true) String certificateFile,
            @JsonProperty(value = "privateKeyFile", required = true) String privateKeyFile,
            @JsonProperty(value = "trustFile", required = true) String trustFile) {
    }

    /** One replica: its id, where replicas talk Raft to it, and its frame transport (members are sent there when it leads). */
    record ReplicaConfig(@JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "raft", required = true) String raft,
            @JsonProperty(value = "frames", required = true) String frames) {
    }

    /**
     * One hosted group; {@code batchWindowMillis} and {@code tekLifetimeSeconds} give it its own
     * batch window and TEK lifetime (null: the server's).
     */
    record GroupConfig(long id, int degree, String tree, int maxMembers, int retainedMessages, Long batchWindowMillis,
            Long tekLifetimeSeconds, List<SubtreeConfig> subtrees, ParentConfig parent) {
        @JsonCreator
        GroupConfig(@JsonProperty(value = "id", required = true) long id, @JsonProperty("degree") Integer degree,
                @JsonProperty("tree") String tree, @JsonProperty("maxMembers") Integer maxMembers,
                @JsonProperty("retainedMessages") Integer retainedMessages,
                @JsonProperty("batchWindowMillis") Long batchWindowMillis,
                @JsonProperty("tekLifetimeSeconds") Long tekLifetimeSeconds,
                @JsonProperty("subtrees") List<SubtreeConfig> subtrees, @JsonProperty("parent") ParentConfig parent) {
            this(id, degree == null ? 4 : degree, tree == null ? "symmetric" : tree, maxMembers == null ? 1000 : maxMembers,
                    retainedMessages == null ? 1000 : retainedMessages, batchWindowMillis, tekLifetimeSeconds,
                    subtrees == null ? List.of() : List.copyOf(subtrees), parent);
        }


        /** The group's own timing (null fields: the server's). */
        GroupTiming timing() {
            return GroupTiming.of(batchWindowMillis, tekLifetimeSeconds);
        }
    }

    /** A subtree a delegating parent group delegates to: its id and the link key file shared with its GCKS. */
    record SubtreeConfig(@JsonProperty(value = "id", required = true) int id,
            @JsonProperty(value = "linkKeyFile", required = true) String linkKeyFile) {
    }

    /**
     * The parent of a delegated subtree group: the parent GCKS's frame addresses, its group id and
     * tree mode, this subtree's id there and the link key file shared with it.
     */
    record ParentConfig(@JsonProperty(value = "frames", required = true) List<String> frames, @JsonProperty("http") List<String> http,
            @JsonProperty(value = "group", required = true) long group, @JsonProperty("tree") String tree,
            @JsonProperty("degree") Integer degree, @JsonProperty(value = "subtree", required = true) int subtree,
            @JsonProperty(value = "linkKeyFile", required = true) String linkKeyFile) {
        ParentConfig {
            frames = frames == null ? List.of() : List.copyOf(frames);
            http = http == null ? List.of() : List.copyOf(http);
            tree = tree == null ? "symmetric" : tree;
            degree = degree == null ? 4 : degree;
        }

        /** The parent group's policy as this subtree needs it (degree and tree mode). */
        org.gkm.rekey.GroupPolicy policy() {
            return org.gkm.rekey.GroupPolicy.defaults().withDegree(degree).withTreeMode(
                    tree.equals("hybrid") ? org.gkm.rekey.GroupPolicy.TreeMode.HYBRID : org.gkm.rekey.GroupPolicy.TreeMode.SYMMETRIC_ONLY);
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
            @JsonProperty(value = "groups", required = true) List<GroupConfig> groups,
            @JsonProperty("replication") ReplicationConfig replication) {
        this(bind == null ? "127.0.0.1" : bind, port == null ? 7447 : port, httpPort == null ? 7448 : httpPort, dataDirectory,
                masterKeyFile, unackedLimit == null ? 3 : unackedLimit, ejectUnacked != null && ejectUnacked,
                tekLifetimeSeconds == null ? 0 : tekLifetimeSeconds, snapshotEveryRecords == null ? 1000 : snapshotEveryRecords,
                batchWindowMillis == null ? org.gkm.gcks.server.ServerOptions.DEFAULT_BATCH_WINDOW.toMillis() : batchWindowMillis,
                batchMax == null ? org.gkm.gcks.server.ServerOptions.DEFAULT_BATCH_MAX : batchMax, securityManagerKeyFile, groups == null ? List.of() : List.copyOf(groups), replication);
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
        if (replication != null) {
            String r = replicationProblem();
            if (r != null) {
                return "replication: " + r;
            }
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
            String d = delegationProblem(g);
            if (d != null) {
                return "group " + g.id() + ": " + d;
            }
        }
        return null;
    }

    private static String delegationProblem(GroupConfig g) {
        if (!g.subtrees().isEmpty() && g.parent() != null) {
            return "a group delegates to subtrees or reports to a parent, not both";
        }
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (SubtreeConfig s : g.subtrees()) {
            if (s == null || s.id() < 0 || s.linkKeyFile() == null || !ids.add(s.id())) {
                return "subtrees need distinct ids >= 0 and a linkKeyFile each";
            }
        }
        ParentConfig p = g.parent();
        if (p != null) {
            if (p.frames().isEmpty() || p.group() < 0 || p.subtree() < 0 || !(p.tree().equals("symmetric") || p.tree().equals("hybrid"))
                    || p.degree() < 2 || p.degree() > 64) {
                return "parent: frames (at least one), group >= 0, subtree >= 0, tree symmetric|hybrid, degree 2..64";
            }
            for (String h : p.http()) {
                if (h == null || !h.matches("http://[A-Za-z0-9.:\\[\\]-]+:[0-9]{1,5}")) {
                    return "parent: http endpoints are http://host:port";
                }
            }
            for (String a : p.frames()) {
                try {
                    org.gkm.gcks.server.admin.MemberCredential.parseAddress(a);
                } catch (IllegalArgumentException e) {
                    return "parent: " + e.getMessage();
                }
            }
        }
        return null;
    }

    private String replicationProblem() {
        ReplicationConfig r = replication;
        if (r.replicas().isEmpty()) {
            return "no replicas";
        }
        if (securityManagerKeyFile == null) {
            return "securityManagerKeyFile is required (every replica must hold the same security manager key)";
        }
        List<Long> et = r.electionTimeoutMillis();
        if (et.size() != 2 || et.get(0) == null || et.get(1) == null || et.get(0) < 50 || et.get(1) <= et.get(0)
                || et.get(1) > 60_000) {
            return "electionTimeoutMillis must be [min, max] with 50 <= min < max <= 60000 (randomised between the two)";
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> addresses = new java.util.HashSet<>();
        ReplicaConfig me = null;
        for (ReplicaConfig c : r.replicas()) {
            if (c.id() == null || !c.id().matches("[A-Za-z0-9_-]{1,64}")) {
                return "replica id " + c.id() + ": 1-64 of letters, digits, '-', '_'";
            }
            if (!ids.add(c.id())) {
                return "replica ids must be distinct";
            }
            for (String a : new String[] {c.raft(), c.frames()}) {
                try {
                    org.gkm.gcks.server.admin.MemberCredential.parseAddress(a);
                } catch (IllegalArgumentException e) {
                    return "replica " + c.id() + ": " + e.getMessage();
                }
                if (!addresses.add(a)) {
                    return "replica " + c.id() + ": address " + a + " used twice";
                }
            }
            if (c.id().equals(r.self())) {
                me = c;
            }
        }
        if (me == null) {
            return "self " + r.self() + " is not among the replicas";
        }
        if (org.gkm.gcks.server.admin.MemberCredential.parseAddress(me.frames()).getPort() != port) {
            return "replica " + me.id() + ": frames " + me.frames() + " is not this server's port " + port;
        }
        return null;
    }
}
