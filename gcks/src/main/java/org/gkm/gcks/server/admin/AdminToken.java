package org.gkm.gcks.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The admin endpoint's address and bearer token as the server writes them into its data directory
 * at start ({@value #FILE_NAME}, JSON, owner-only 0600, replaced atomically; deleted when the server
 * stops). Whoever can read the file administers the server; {@code gkm admin --data DIR} reads it.
 * {@code toString} does not show the token.
 */
public record AdminToken(String url, String token) {
    public static final String FILE_NAME = "admin-token.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Writes {@code this} into {@code dataDirectory} (owner-only), returning the file. */
    Path write(Path dataDirectory) throws IOException {
        Path tmp = Files.createTempFile(dataDirectory, ".admin-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.write(tmp, new ObjectMapper().writeValueAsBytes(this));
            return Files.move(tmp, dataDirectory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the token file of a server's data directory.
     *
     * @throws IllegalArgumentException the file is missing (is the server running?), not owner-only, or not a token file
     */
    public static AdminToken read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " does not exist (is gkm serve running with this data directory?)");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalArgumentException(file + " must be owner-only, is " + PosixFilePermissions.toString(perms));
            }
            AdminToken t = new ObjectMapper().readValue(Files.readAllBytes(file), AdminToken.class);
            if (t.url() == null || t.token() == null) {
                throw new IllegalArgumentException(file + ": url and token required");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "AdminToken[" + url + "]";
    }
}
