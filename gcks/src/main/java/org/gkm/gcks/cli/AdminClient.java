package org.gkm.gcks.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.AdminToken;

/** {@code gkm admin}'s side of the admin endpoint: JSON requests with the bearer token. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The endpoint answered with an error status (its message), or could not be reached. */
    static final class AdminException extends Exception {
        private static final long serialVersionUID = 1L;

        AdminException(String message) {
            super(message);
        }
    }

    private final AdminToken token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(AdminToken token) {
        this.token = token;
    }

    <T> T get(String path, Class<T> type) throws AdminException {
        return call("GET", path, null, type);
    }

    <T> T post(String path, Object body, Class<T> type) throws AdminException {
        return call("POST", path, body, type);
    }

    <T> T delete(String path, Class<T> type) throws AdminException {
        return call("DELETE", path, null, type);
    }

    private <T> T call(String method, String path, Object body, Class<T> type) throws AdminException {
        try {
            HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpRequest req = HttpRequest.newBuilder(URI.create(token.url() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.token()).header("Content-Type", "application/json")
                    .method(method, pub).build();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                String msg;
                try {
                    msg = JSON.readValue(r.body(), AdminApi.Error.class).error();
                } catch (IOException e) {
                    msg = "HTTP " + r.statusCode();
                }
                throw new AdminException(msg + " (HTTP " + r.statusCode() + ")");
            }
            return JSON.readValue(r.body(), type);
        } catch (IOException e) {
            throw new AdminException("admin endpoint " + token.url() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
    }
}
