package org.gkm.gcks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.store.SealedGroupStore;

/**
 * Reads the store's master key: a regular file (not a symbolic link) of exactly 32 bytes that only
 * its owner may read or write (POSIX mode 0600 or 0400). Anything else refuses, saying why, so
 * that a key readable by other accounts is never used.
 */
final class MasterKeyFile {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OWNER_EXECUTE);

    private MasterKeyFile() {
    }

    /**
     * The key in {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the reason (missing, a link, not
     *     owner-only, wrong length, unreadable)
     */
    static SecretBytes read(Path file) {
        return read(file, "master key file");
    }

    /** A 32-byte owner-only key file of another kind ({@code what} names it in errors: "security manager key file"). */
    static SecretBytes read(Path file, String what) {
        checkOwnerOnly(file, what);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage());
        }
        try {
            if (raw.length != SealedGroupStore.MASTER_KEY_LENGTH) {
                throw new IllegalArgumentException(what + " " + file + " holds " + raw.length + " bytes, not "
                        + SealedGroupStore.MASTER_KEY_LENGTH);
            }
            return SecretBytes.copyOf(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Checks that {@code file} is a regular file (not a link) only its owner may read or write.
     *
     * @throws IllegalArgumentException naming the file and the reason
     */
    static void checkOwnerOnly(Path file, String what) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(what + " " + file + " is not a regular file (links are refused)");
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(what + " " + file + ": the file system has no POSIX permissions to check");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + ": cannot read its permissions: " + e.getMessage());
        }
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(perms);
        extra.retainAll(NOT_OWNER);
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " has permissions " + PosixFilePermissions.toString(perms)
                    + ": it must be readable by its owner only (chmod 600 or 400)");
        }
    }
}
