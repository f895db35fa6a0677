package org.gkm.gkmp.pki;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * Permissions (RFC 2093 sec. 3.2 group permissions, 3.12 controller and 3.15 member permissions):
 * an ordered clearance level and a set of named rights (compartments). "Meet or exceed" (sec. 5.1,
 * 5.3, 5.6) is the usual lattice order: level at least the other's, and every right of the other
 * held too. Encoded canonically: rights in strictly increasing order.
 */
public record Permissions(int level, SortedSet<String> rights) {
    public static final int MAX_RIGHTS = 32;
    public static final int MAX_RIGHT_LENGTH = 32;
    static final String RIGHT_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_";

    public Permissions {
        if (level < 0 || level > 255) {
            throw new IllegalArgumentException("level must be 0-255");
        }
        if (rights.size() > MAX_RIGHTS) {
            throw new IllegalArgumentException("at most " + MAX_RIGHTS + " rights");
        }
        for (String r : rights) {
            if (r.isEmpty() || r.length() > MAX_RIGHT_LENGTH || !r.chars().allMatch(c -> RIGHT_ALPHABET.indexOf(c) >= 0)) {
                throw new IllegalArgumentException("bad right name");
            }
        }
        rights = Collections.unmodifiableSortedSet(new TreeSet<>(rights));
    }

    public static Permissions of(int level, String... rights) {
        return new Permissions(level, new TreeSet<>(java.util.List.of(rights)));
    }

    /** True when these permissions meet or exceed {@code required} (sec. 5.1, 5.3). */
    public boolean meetsOrExceeds(Permissions required) {
        return level >= required.level && rights.containsAll(required.rights);
    }

    public void write(WireWriter w) {
        w.u8(level).u8(rights.size());
        for (String r : rights) {
            w.ascii8(r);
        }
    }

    public static Permissions read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        int level = r.u8("permission level");
        int n = r.u8("rights count");
        if (n > MAX_RIGHTS) {
            throw new MalformedMessageException("rights count " + n + " exceeds " + MAX_RIGHTS);
        }
        TreeSet<String> rights = new TreeSet<>();
        String prev = null;
        for (int i = 0; i < n; i++) {
            String s = r.ascii8(1, MAX_RIGHT_LENGTH, RIGHT_ALPHABET, "right");
            if (prev != null && s.compareTo(prev) <= 0) {
                throw new MalformedMessageException("rights not in strictly increasing order");
            }
            rights.add(s);
            prev = s;
        }
        return new Permissions(level, rights);
    }
}
