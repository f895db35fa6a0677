package org.gkm.gcks.server;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * What a hosted group knows about its members beyond the key tree, and what must survive a restart
 * for members to keep working: which GKMP identity holds which tree member id (and whether its
 * registration was confirmed), each identity's Data SA sender id (stable within the group), the
 * next sender id, and the identities barred from registering (removed by the owner or revoked).
 * Holds no key. Encoded as a versioned, strict binary record ({@link #encode}, {@link #decode}).
 *
 * <p>A delegating parent group (claim 18) has no GKMP members: its tree members are delegated
 * subtrees ({@link #subtrees}), each with the newest report sequence taken from it, so that a
 * replayed or older report is refused after a restart or on a new leader too.
 *
 * @param treeIds tree member id by identity
 * @param confirmed identities whose registration the GCKS confirmed (answered REGISTERED)
 * @param senderIds Data SA sender id by identity
 * @param nextSender the next sender id to assign
 * @param barred identities whose registrations are refused
 * @param keyIdReserved the GKMP controller's key ids below this may have been issued: a restarted
 *     controller starts here (members refuse a key id not above the last they accepted)
 * @param subtrees a delegating parent's subtrees by subtree id (empty in any other group)
 */
public record Membership(Map<EntityId, Integer> treeIds, Set<EntityId> confirmed, Map<EntityId, Long> senderIds,
        long nextSender, Set<EntityId> barred, long keyIdReserved, Map<Integer, Subtree> subtrees) {
    /** Version 1 had no subtree table; it still decodes. */
    private static final int VERSION = 2;

    /**
     * A delegated subtree at its parent.
     *
     * @param memberId its leaf's member id in the parent's tree (its last one, once retired)
     * @param lastReport the sequence of the newest report taken from it
     * @param retired the owner retired the subtree: its leaf left the tree and its reports are refused
     */
    public record Subtree(int memberId, long lastReport, boolean retired) {
        public Subtree {
            if (memberId < 0 || lastReport < 0) {
                throw new IllegalArgumentException("subtree member id and report sequence must be >= 0");
            }
        }
    }

    /** A membership with no delegated subtrees. */
    public Membership(Map<EntityId, Integer> treeIds, Set<EntityId> confirmed, Map<EntityId, Long> senderIds, long nextSender,
            Set<EntityId> barred, long keyIdReserved) {
        this(treeIds, confirmed, senderIds, nextSender, barred, keyIdReserved, Map.of());
    }
    /** At most this many entries per table (a group has at most 65,535 GKMP members; removed ones stay barred). */
    static final int MAX_ENTRIES = 1 << 20;

    public Membership {
        treeIds = Map.copyOf(treeIds);
        confirmed = Set.copyOf(confirmed);
        senderIds = Map.copyOf(senderIds);
        barred = Set.copyOf(barred);
        subtrees = Map.copyOf(subtrees);
        if (nextSender < 1 || keyIdReserved < 1) {
            throw new IllegalArgumentException("nextSender and keyIdReserved must be positive");
        }
    }

    /** A group nobody has joined. */
    public static Membership empty() {
        return new Membership(Map.of(), Set.of(), Map.of(), 1, Set.of(), 1);
    }

    /** The encoding (entries sorted by identity, so equal memberships encode equally). */
    public byte[] encode() {
        WireWriter w = WireWriter.growable().u8(VERSION);
        TreeMap<EntityId, Integer> t = new TreeMap<>(treeIds);
        w.u32(t.size());
        t.forEach((e, id) -> {
            e.write(w);
            w.u32(id).u8(confirmed.contains(e) ? 1 : 0);
        });
        TreeMap<EntityId, Long> s = new TreeMap<>(senderIds);
        w.u32(s.size());
        s.forEach((e, id) -> {
            e.write(w);
            w.i64(id);
        });
        w.i64(nextSender);
        TreeSet<EntityId> b = new TreeSet<>(barred);
        w.u32(b.size());
        b.forEach(e -> e.write(w));
        w.i64(keyIdReserved);
        TreeMap<Integer, Subtree> st = new TreeMap<>(subtrees);
        w.u32(st.size());
        st.forEach((id, sub) -> w.u32(id).u32(sub.memberId()).i64(sub.lastReport()).u8(sub.retired() ? 1 : 0));
        return w.toByteArray();
    }

    /**
     * Decodes {@link #encode}'s output.
     *
     * @throws MalformedMessageException naming the field, for anything else (other version, counts
     *     past the bound, a confirmed flag not 0/1, duplicates, trailing bytes)
     */
    public static Membership decode(byte[] b) throws MalformedMessageException {
        WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
        int v = r.u8("membership version");
        if (v != 1 && v != VERSION) {
            throw new MalformedMessageException("membership version " + v + ", expected 1 or " + VERSION);
        }
        Map<EntityId, Integer> tree = new TreeMap<>();
        Set<EntityId> confirmed = new TreeSet<>();
        int n = r.count32(MAX_ENTRIES, 7, "tree entries");
        for (int i = 0; i < n; i++) {
            EntityId e = EntityId.read(r, "tree entry identity");
            int id = r.nonNegativeInt("tree member id");
            int c = r.u8("confirmed");
            if (c > 1 || tree.put(e, id) != null) {
                throw new MalformedMessageException("tree entry " + i + ": bad flag or repeated identity");
            }
            if (c == 1) {
                confirmed.add(e);
            }
        }
        Map<EntityId, Long> senders = new TreeMap<>();
        n = r.count32(MAX_ENTRIES, 10, "sender entries");
        for (int i = 0; i < n; i++) {
            EntityId e = EntityId.read(r, "sender entry identity");
            if (senders.put(e, r.nonNegativeLong("sender id")) != null) {
                throw new MalformedMessageException("sender entry " + i + ": repeated identity");
            }
        }
        long next = r.nonNegativeLong("next sender id");
        Set<EntityId> barred = new TreeSet<>();
        n = r.count32(MAX_ENTRIES, 2, "barred entries");
        for (int i = 0; i < n; i++) {
            if (!barred.add(EntityId.read(r, "barred identity"))) {
                throw new MalformedMessageException("barred entry " + i + ": repeated identity");
            }
        }
        long reserved = r.nonNegativeLong("key ids reserved");
        Map<Integer, Subtree> subtrees = new TreeMap<>();
        if (v >= 2) {
            n = r.count32(MAX_ENTRIES, 17, "subtree entries");
            for (int i = 0; i < n; i++) {
                int id = r.nonNegativeInt("subtree id");
                int mid = r.nonNegativeInt("subtree member id");
                long last = r.nonNegativeLong("subtree report sequence");
                int retired = r.u8("subtree retired");
                if (retired > 1 || subtrees.put(id, new Subtree(mid, last, retired == 1)) != null) {
                    throw new MalformedMessageException("subtree entry " + i + ": bad flag or repeated subtree id");
                }
            }
        }
        r.finish("membership");
        if (next < 1 || reserved < 1) {
            throw new MalformedMessageException("next sender id and key ids reserved must be positive");
        }
        return new Membership(tree, confirmed, senders, next, barred, reserved, subtrees);
    }
}
