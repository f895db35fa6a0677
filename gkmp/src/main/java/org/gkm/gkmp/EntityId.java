package org.gkm.gkmp;

import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * A net member id (RFC 2093 sec. 3.9, 3.11: the id a security manager binds to a public key): the
 * common name of the entity's X.509 certificate. 1-64 characters of {@code [A-Za-z0-9._:-]}, so ids
 * compare byte for byte and print safely.
 */
public record EntityId(String value) implements Comparable<EntityId> {
    /** Characters allowed in an id. */
    public static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    public static final int MAX_LENGTH = 64;

    public EntityId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("entity id must be 1-" + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("entity id has a character outside " + ALPHABET);
            }
        }
    }

    public static EntityId of(String value) {
        return new EntityId(value);
    }

    public void write(WireWriter w) {
        w.ascii8(value);
    }

    public static EntityId read(WireReader<MalformedMessageException> r, String what) throws MalformedMessageException {
        return new EntityId(r.ascii8(1, MAX_LENGTH, ALPHABET, what));
    }

    @Override
    public int compareTo(EntityId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
