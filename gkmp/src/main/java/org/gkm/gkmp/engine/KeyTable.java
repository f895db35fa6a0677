package org.gkm.gkmp.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gkm.gkmp.GkmpGroupId;

/**
 * The key table of one node (RFC 2093 sec. 5.2-5.10): installed group keys per group, and the
 * highest token version seen per group, which survives deletion so a deleted group's old tokens stay
 * stale. Keys are only ever installed whole (GTEK and GKEK together) by a completed check sequence.
 */
public final class KeyTable {
    private final Map<GkmpGroupId, GroupEntry> entries = new HashMap<>();
    private final Map<GkmpGroupId, Long> tokenVersions = new HashMap<>();

    public Optional<GroupEntry> get(GkmpGroupId g) {
        return Optional.ofNullable(entries.get(g));
    }

    public boolean holds(GkmpGroupId g) {
        return entries.containsKey(g);
    }

    /** Highest token version seen for {@code g}, or -1. */
    public long tokenVersion(GkmpGroupId g) {
        return tokenVersions.getOrDefault(g, -1L);
    }

    void install(GroupEntry e) {
        GroupEntry old = entries.put(e.group(), e);
        if (old != null && old.gtek() != e.gtek()) {
            old.gtek().destroy();
            old.gkek().destroy();
        }
        noteTokenVersion(e.group(), e.token().version());
    }

    void noteTokenVersion(GkmpGroupId g, long v) {
        tokenVersions.merge(g, v, Math::max);
    }

    /** Deletes the group keys (states 12, 13): zeroed and removed. */
    void delete(GkmpGroupId g) {
        GroupEntry old = entries.remove(g);
        if (old != null) {
            old.gtek().destroy();
            old.gkek().destroy();
        }
    }

    public int size() {
        return entries.size();
    }

    /**
     * A description of the whole table (groups, key ids, key fingerprints, token versions) that
     * changes whenever any key or version changes; tests compare it to prove "no state change".
     */
    public String fingerprint(KeySchedule ks) {
        StringBuilder sb = new StringBuilder();
        TreeMap<Long, GroupEntry> sorted = new TreeMap<>();
        entries.forEach((k, v) -> sorted.put(k.value(), v));
        sorted.forEach((k, e) -> sb.append(e).append(' ').append(ks.fingerprint(e.gtek())).append(' ')
                .append(ks.fingerprint(e.gkek())).append(';'));
        sb.append(new TreeMap<>(tokenVersions));
        return sb.toString();
    }
}
