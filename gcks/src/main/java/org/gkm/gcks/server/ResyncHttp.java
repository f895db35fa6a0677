package org.gkm.gcks.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gkm.wire.WireReader;

/**
 * Resync (c), the public posting (RFC 4046 sec. 5.3), and the metrics, over HTTP on loopback (JDK
 * {@code com.sun.net.httpserver}, one virtual thread per exchange). Everything served is public:
 * rekey messages and path views protect themselves (MAC and signature; keys wrapped).
 *
 * <pre>
 * GET /groups/{g}/messages?after=n[&amp;max=m]  200 messages body, 410 compacted body, 404/400 refused body
 * GET /groups/{g}/path/{member id}           200 the sealed RESYNC message of that member's path, 404
 * GET /metrics                               200 Prometheus text format
 * </pre>
 *
 * Bodies are the {@code RESYNC_REPLY} payloads of {@link Payloads}. Any other method or path gets
 * 405 or 404, a malformed number 400; none changes state. At most {@link #MAX_CONCURRENT} requests
 * are served at once; past that the answer is 503 with {@code Retry-After} (RFC 4046 sec. 5.5).
 */
final class ResyncHttp implements AutoCloseable {
    private static final Pattern MESSAGES = Pattern.compile("/groups/(\\d{1,19})/messages");
    private static final Pattern PATH = Pattern.compile("/groups/(\\d{1,19})/path/(\\d{1,10})");
    private static final Pattern QUERY = Pattern.compile("after=(-?\\d{1,19})(?:&max=(\\d{1,5}))?");

    /** Requests served at once; past it the answer is 503 with Retry-After (no unbounded work for anonymous callers). */
    static final int MAX_CONCURRENT = 32;

    private final HttpServer server;
    private final ExecutorService threads;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_CONCURRENT);
    private final GcksServer gcks;
    private final GcksMetrics metrics;

    private ResyncHttp(HttpServer server, ExecutorService threads, GcksServer gcks, GcksMetrics metrics) {
        this.server = server;
        this.threads = threads;
        this.gcks = gcks;
        this.metrics = metrics;
    }

    static ResyncHttp start(InetSocketAddress bind, GcksServer gcks, GcksMetrics metrics) throws IOException {
        HttpServer s = HttpServer.create(bind, 64);
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gcks-http-", 0).factory());
        s.setExecutor(threads);
        ResyncHttp h = new ResyncHttp(s, threads, gcks, metrics);
        s.createContext("/", h::handle);
        s.start();
        return h;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange x) throws IOException {
        if (!inFlight.tryAcquire()) {
            try (x) {
                x.getResponseHeaders().set("Retry-After", "1");
                send(x, 503, "text/plain", "busy\n".getBytes(StandardCharsets.US_ASCII));
            }
            return;
        }
        try (x) {
            serve(x);
        } finally {
            inFlight.release();
        }
    }

    private void serve(HttpExchange x) throws IOException {
        if (!"GET".equals(x.getRequestMethod())) {
            send(x, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        URI uri = x.getRequestURI();
        String path = uri.getRawPath();
        if ("/metrics".equals(path)) {
            send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher m = MESSAGES.matcher(path);
        if (m.matches()) {
            messages(x, m.group(1), uri.getRawQuery());
            return;
        }
        m = PATH.matcher(path);
        if (m.matches()) {
            path(x, m.group(1), m.group(2));
            return;
        }
        send(x, 404, "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void messages(HttpExchange x, String group, String query) throws IOException {
        metrics.resync(GcksMetrics.ResyncMethod.HTTP);
        Matcher q = query == null ? null : QUERY.matcher(query);
        Long g = parse(group);
        Long after = q != null && q.matches() ? parse(q.group(1)) : null;
        if (g == null || after == null) {
            send(x, 400, "application/octet-stream", Payloads.refusedBody(Refusal.BAD_SEQUENCE, "after=n required"));
            return;
        }
        int max = q.group(2) == null ? Integer.MAX_VALUE : Integer.parseInt(q.group(2));
        byte[] body = gcks.resyncBody(g, after, max);
        send(x, status(body), "application/octet-stream", body);
    }

    /** The HTTP status of a resync body: 200 messages, 410 compacted, 404 unknown group, 400 otherwise. */
    private static int status(byte[] body) {
        WireReader<IllegalStateException> r = new WireReader<>(body, IllegalStateException::new);
        int kind = r.u8("kind");
        if (kind == Payloads.RESYNC_MESSAGES) {
            return 200;
        }
        if (kind == Payloads.RESYNC_COMPACTED) {
            return 410;
        }
        return r.u16("code") == Refusal.UNKNOWN_GROUP.code() ? 404 : 400;
    }

    private void path(HttpExchange x, String group, String member) throws IOException {
        metrics.resync(GcksMetrics.ResyncMethod.HTTP);
        Long g = parse(group);
        Long id = parse(member);
        // any replica of a replicated group answers from its committed state
        GroupBackend b = g == null ? null : gcks.backendOrNull(g);
        if (b == null || id == null || id > Integer.MAX_VALUE) {
            send(x, 404, "application/octet-stream", Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "no such group or member"));
            return;
        }
        try {
            send(x, 200, "application/octet-stream", b.sealedPath((int) (long) id));
        } catch (BackendException e) {
            send(x, 404, "application/octet-stream", Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "no such member"));
        }
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        LoopbackHttp.reply(x, status, type, body);
    }

    @Override
    public void close() {
        LoopbackHttp.stop(server, threads);
    }

    boolean isTerminated() {
        return threads.isTerminated();
    }
}
