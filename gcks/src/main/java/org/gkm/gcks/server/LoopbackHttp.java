package org.gkm.gcks.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the GCKS's two loopback HTTP endpoints (resync and metrics, and the owner's admin endpoint)
 * share: writing a whole reply, and stopping the server with its handler threads.
 */
public final class LoopbackHttp {
    private LoopbackHttp() {
    }

    /** Sends {@code body} as the whole reply with {@code status} and content type {@code type}. */
    public static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops {@code server} at once and waits up to 10 s for its handler threads to end. */
    public static void stop(HttpServer server, ExecutorService threads) {
        server.stop(0);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
