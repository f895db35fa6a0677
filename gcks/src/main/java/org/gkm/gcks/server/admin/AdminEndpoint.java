package org.gkm.gcks.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.GroupStatus;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.LoopbackHttp;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.rekey.GroupPolicy;

/**
 * The owner's endpoint of a GCKS ({@code gkm admin}): JSON over HTTP on loopback only (JDK
 * {@code com.sun.net.httpserver}, a virtual thread per exchange), every request authenticated by the
 * bearer token of {@link AdminToken}, which the endpoint draws from the provider's CSPRNG at start and
 * writes owner-only into the data directory. The token is compared in constant time
 * ({@link MessageDigest#isEqual}); a request without it, or with another, gets 401 and changes nothing.
 *
 * <pre>
 * GET    /admin/v1/groups                    the hosted groups
 * POST   /admin/v1/groups                    create a group ({@link AdminApi.CreateGroup}) through the
 *                                            {@link GroupFactory} (durable under gkm serve); 409 if the id exists
 * GET    /admin/v1/groups/{g}                its status ({@link AdminApi.Status})
 * POST   /admin/v1/groups/{g}/members        issue a member credential ({@link AdminApi.Issue} → {@link MemberCredential})
 * DELETE /admin/v1/groups/{g}/members/{m}    remove member m (a leave rekey; m is barred from registering again)
 * DELETE /admin/v1/groups/{g}/subtrees/{s}   retire delegated subtree s (a leave rekey of its leaf; its reports are refused)
 * GET    /admin/v1/groups/{g}/audit          export the group's management log ({@link AuditExport}; a durable
 *                                            group's whole chain since its creation, read from the store)
 * </pre>
 *
 * Bodies are at most {@value #MAX_BODY} bytes; at most {@value #MAX_CONCURRENT} requests are served at
 * once (503 past that). Errors are {@link AdminApi.Error} with the HTTP status.
 */
public final class AdminEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdminEndpoint.class.getName());
    static final int MAX_BODY = 16 * 1024;
    static final int MAX_CONCURRENT = 8;
    private static final String PREFIX = "/admin/v1/groups";
    private static final Pattern GROUP = Pattern.compile(PREFIX + "/(\\d{1,19})(/members|/members/([^/]{1,64})|/audit|/subtrees/(\\d{1,9}))?");

    private final HttpServer server;
    private final ExecutorService threads;
    private final java.util.concurrent.locks.ReentrantLock creating = new java.util.concurrent.locks.ReentrantLock();
    private final Semaphore inFlight = new Semaphore(MAX_CONCURRENT);
    private final GcksServer gcks;
    private final LocalAuthority authority;
    private final GroupFactory factory;
    private final byte[] expected;
    private final Path tokenFile;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminEndpoint(HttpServer server, ExecutorService threads, GcksServer gcks, LocalAuthority authority, GroupFactory factory,
            byte[] expected, Path tokenFile) {
        this.server = server;
        this.threads = threads;
        this.gcks = gcks;
        this.authority = authority;
        this.factory = factory;
        this.expected = expected;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts the endpoint on the loopback address ({@code port} 0: any free port) and writes the token
     * file into {@code dataDirectory}.
     */
    public static AdminEndpoint start(CryptoProvider provider, GcksServer gcks, LocalAuthority authority, GroupFactory factory,
            Path dataDirectory, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gcks-admin-", 0).factory());
        s.setExecutor(threads);
        byte[] token = HexFormat.of().formatHex(provider.random().bytes(32)).getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress a = s.getAddress();
        Path file;
        try {
            file = new AdminToken("http://" + a.getHostString() + ":" + a.getPort(), new String(token, StandardCharsets.US_ASCII))
                    .write(dataDirectory);
        } catch (IOException | RuntimeException e) {
            s.stop(0);
            threads.shutdown();
            throw e;
        }
        AdminEndpoint h = new AdminEndpoint(s, threads, gcks, authority, factory, token, file);
        s.createContext("/", h::handle);
        s.start();
        return h;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The token file this endpoint wrote. */
    public Path tokenFile() {
        return tokenFile;
    }

    private void handle(HttpExchange x) throws IOException {
        if (!inFlight.tryAcquire()) {
            try (x) {
                x.getResponseHeaders().set("Retry-After", "1");
                error(x, 503, "busy");
            }
            return;
        }
        try (x) {
            if (!authorised(x)) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(x, 401, "missing or wrong admin token");
                return;
            }
            // the answers to failures are sent inside the try: its resource closes the exchange before a catch runs
            try {
                serve(x);
            } catch (org.gkm.gcks.server.GcksServer.NotLeaderException e) {
                // a change of a replicated group asked of a follower: the owner asks the leader's admin endpoint
                error(x, 421, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "admin request failed", e);
                error(x, 500, "server error");
            }
        } finally {
            inFlight.release();
        }
    }

    private boolean authorised(HttpExchange x) {
        String h = x.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected, h.substring(7).trim().getBytes(StandardCharsets.US_ASCII));
    }

    private void serve(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        String method = x.getRequestMethod();
        if (PREFIX.equals(path)) {
            switch (method) {
                case "GET" -> send(x, 200, groups());
                case "POST" -> create(x);
                default -> error(x, 405, "GET or POST");
            }
            return;
        }
        Matcher m = GROUP.matcher(path);
        if (!m.matches()) {
            error(x, 404, "no such resource");
            return;
        }
        GkmpGroupId g = new GkmpGroupId(Long.parseLong(m.group(1)));
        if (!gcks.groupIds().contains(g)) {
            error(x, 404, "no group " + g.value() + " here");
            return;
        }
        String sub = m.group(2);
        if (sub == null) {
            if (!"GET".equals(method)) {
                error(x, 405, "GET only");
                return;
            }
            send(x, 200, status(gcks.status(g)));
        } else if (sub.equals("/members")) {
            if (!"POST".equals(method)) {
                error(x, 405, "POST only");
                return;
            }
            issue(x, g);
        } else if (sub.equals("/audit")) {
            if (!"GET".equals(method)) {
                error(x, 405, "GET only");
                return;
            }
            audit(x, g);
        } else if (sub.startsWith("/subtrees/")) {
            if (!"DELETE".equals(method)) {
                error(x, 405, "DELETE only");
                return;
            }
            retireSubtree(x, g, Integer.parseInt(m.group(4)));
        } else {
            if (!"DELETE".equals(method)) {
                error(x, 405, "DELETE only");
                return;
            }
            remove(x, g, m.group(3));
        }
    }

    private List<AdminApi.Group> groups() {
        return gcks.groupIds().stream().map(g -> {
            GroupStatus s = gcks.status(g);
            GroupPolicy p = s.policy();
            return new AdminApi.Group(g.value(), p.degree(), tree(p), p.signatureAlgorithm().name(), s.treeMembers(),
                    s.members().size(), s.sequence(), s.epoch());
        }).toList();
    }

    static AdminApi.Status status(GroupStatus s) {
        GroupPolicy p = s.policy();
        return new AdminApi.Status(s.group(), p.degree(), tree(p), p.signatureAlgorithm().name(), s.treeMembers(), s.members().size(),
                s.connected(), s.sequence(), s.epoch(), s.sequence(), s.behind(), s.outOfSync(), s.fingerprint(), s.tekFingerprint(),
                s.members().stream().map(mm -> new AdminApi.Member(mm.entity(), mm.memberId(), mm.senderId(), mm.connected(),
                        mm.outOfSync(), mm.unacked())).toList(), s.batchWindow().toMillis(), s.tekLifetime().toSeconds(), s.role(),
                s.subtrees().stream().map(t -> new AdminApi.Subtree(t.subtree(), t.memberId(), t.lastReport(), t.retired())).toList(),
                s.parent() == null ? null : new AdminApi.Parent(s.parent().group(), s.parent().subtree(), s.parent().confirmedReport(),
                        s.parent().parentSequence(), s.parent().parentMember(), s.parent().relayedThrough()));
    }

    private static String tree(GroupPolicy p) {
        return p.hybrid() ? "hybrid" : "symmetric";
    }

    private void create(HttpExchange x) throws IOException {
        AdminApi.CreateGroup c = read(x, AdminApi.CreateGroup.class);
        if (c == null) {
            return;
        }
        if (c.id() == null || c.id() < 0) {
            error(x, 400, "id (>= 0) required");
            return;
        }
        GkmpGroupId id = new GkmpGroupId(c.id());
        GroupPolicy policy;
        GroupTiming timing;
        int maxMembers = c.maxMembers() == null ? 1000 : c.maxMembers();
        int retained = c.retainedMessages() == null ? 1000 : c.retainedMessages();
        try {
            policy = GroupPolicy.defaults().withDegree(c.degree() == null ? 4 : c.degree())
                    .withTreeMode(treeMode(c.tree() == null ? "symmetric" : c.tree()))
                    .withSignatureAlgorithm(signatureAlgorithm(c.signatureAlgorithm() == null ? "ed25519" : c.signatureAlgorithm()));
            if (maxMembers < 1 || maxMembers > 0xFFFF || retained < 1) {
                throw new IllegalArgumentException("maxMembers must be 1..65535 and retainedMessages >= 1");
            }
            timing = GroupTiming.of(c.batchWindowMillis(), c.tekLifetimeSeconds());
            timing.check(gcks.options());
        } catch (IllegalArgumentException e) {
            error(x, 400, e.getMessage());
            return;
        }
        // one creation at a time: the check for an existing group and the creation are one step
        creating.lock();
        try {
            if (gcks.groupIds().contains(id)) {
                error(x, 409, "group " + id.value() + " exists");
                return;
            }
            GroupFactory.Created made;
            try {
                made = factory.create(id, policy, maxMembers, retained, timing);
            } catch (GroupExistsException e) {
                error(x, 409, e.getMessage());
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "creating the backend of " + id + " failed", e);
                error(x, 500, "could not create the group's key server: " + e.getMessage());
                return;
            }
            try {
                gcks.host(authority.setup(id, maxMembers), made.backend(), made.persistence(), timing);
            } catch (IllegalArgumentException e) {
                closeQuietly(made.backend());
                error(x, 409, e.getMessage());
                return;
            } catch (RuntimeException e) {
                closeQuietly(made.backend());
                LOG.log(System.Logger.Level.ERROR, "hosting " + id + " failed", e);
                error(x, 500, "could not host group " + id.value() + ": " + e.getMessage()
                        + (made.durable() ? " (it is in the store and is opened at the next start)" : ""));
                return;
            }
        } finally {
            creating.unlock();
        }
        LOG.log(System.Logger.Level.INFO, "admin: created {0} (degree {1}, {2}, {3})", id, policy.degree(), tree(policy),
                policy.signatureAlgorithm());
        send(x, 201, status(gcks.status(id)));
    }

    private void audit(HttpExchange x, GkmpGroupId g) throws IOException {
        List<org.gkm.gkmp.log.LogEntry> log;
        try {
            log = gcks.auditLog(g);
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "reading the audit log of " + g + " failed", e);
            error(x, 500, "the audit log cannot be read: " + e.getMessage());
            return;
        }
        send(x, 200, AuditExport.of(g.value(), authority.controllerId(), authority.controllerCertificate(), log));
    }

    private static void closeQuietly(GroupBackend b) {
        try {
            b.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing a backend: {0}", e.toString());
        }
    }

    static GroupPolicy.TreeMode treeMode(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "symmetric" -> GroupPolicy.TreeMode.SYMMETRIC_ONLY;
            case "hybrid" -> GroupPolicy.TreeMode.HYBRID;
            default -> throw new IllegalArgumentException("tree must be symmetric or hybrid: " + s);
        };
    }

    static SignatureAlgorithm signatureAlgorithm(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ed25519" -> SignatureAlgorithm.ED25519;
            case "ecdsa-p256", "ecdsa_p256_sha256_der" -> SignatureAlgorithm.ECDSA_P256_SHA256_DER;
            default -> throw new IllegalArgumentException("signatureAlgorithm must be ed25519 or ecdsa-p256: " + s);
        };
    }

    private void issue(HttpExchange x, GkmpGroupId g) throws IOException {
        AdminApi.Issue req = read(x, AdminApi.Issue.class);
        if (req == null) {
            return;
        }
        EntityId member;
        try {
            member = EntityId.of(req.member());
        } catch (RuntimeException e) {
            error(x, 400, "member: not a GKMP entity id: " + e.getMessage());
            return;
        }
        GroupPolicy policy = gcks.status(g).policy();
        org.gkm.gcks.server.ParentAccess parent = null;
        if (gcks.parentStatus(g).isPresent()) {
            parent = gcks.parentAccess(g).orElse(null);
            if (parent == null) {
                error(x, 409, "group " + g.value() + " is a delegated subtree whose parent has not confirmed it yet: try again");
                return;
            }
        }
        Credentials c;
        try {
            c = authority.issue(g, member, policy.signatureAlgorithm(), req.rightsOrNone(), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            error(x, 400, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            error(x, 409, e.getMessage());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "admin: issued a credential for {0} in {1}", member, g);
        try {
            send(x, 200, MemberCredential.of(g, c, authority, policy, gcks.address(), gcks.httpAddress(), gcks.replicaFrames(), parent));
        } finally {
            c.signingKey().privateKey().destroy();
        }
    }

    private void remove(HttpExchange x, GkmpGroupId g, String name) throws IOException {
        EntityId member;
        try {
            member = EntityId.of(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            error(x, 400, "not a GKMP entity id");
            return;
        }
        long seq;
        try {
            seq = gcks.remove(g, member);
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "removing " + member + " from " + g + " failed", e);
            error(x, 500, "the leave rekey could not be committed");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "admin: removed {0} from {1} (sequence {2})", member, g, seq);
        if (seq < 0) {
            error(x, 404, member.value() + " is not a member of group " + g.value() + " (barred from registering now)");
            return;
        }
        send(x, 200, new AdminApi.Removed(g.value(), member.value(), seq));
    }

    private void retireSubtree(HttpExchange x, GkmpGroupId g, int subtree) throws IOException {
        long seq;
        try {
            seq = gcks.retireSubtree(g, subtree);
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "retiring subtree " + subtree + " of " + g + " failed", e);
            error(x, 500, "the leave rekey could not be committed");
            return;
        }
        if (seq < 0) {
            error(x, 404, "subtree " + subtree + " is not delegated in group " + g.value() + " (or retired already)");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "admin: retired subtree {0} of {1} (sequence {2})", subtree, g, seq);
        send(x, 200, new AdminApi.Retired(g.value(), subtree, seq));
    }

    /** The request body as {@code type}, or null after answering 400/413. */
    private <T> T read(HttpExchange x, Class<T> type) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(x, 413, "body larger than " + MAX_BODY + " bytes");
            return null;
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            error(x, 400, "bad JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    private void error(HttpExchange x, int status, String message) throws IOException {
        send(x, status, new AdminApi.Error(status, message));
    }

    private void send(HttpExchange x, int status, Object body) throws IOException {
        x.getResponseHeaders().set("Cache-Control", "no-store");
        LoopbackHttp.reply(x, status, "application/json", json.writeValueAsBytes(body));
    }

    /** Stops serving, ends the threads and deletes the token file. */
    @Override
    public void close() {
        LoopbackHttp.stop(server, threads);
        try {
            Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting {0}: {1}", tokenFile, e.toString());
        }
    }

    public boolean isTerminated() {
        return threads.isTerminated();
    }
}
