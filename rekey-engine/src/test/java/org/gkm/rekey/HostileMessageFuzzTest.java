package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzz of signed, structurally valid but hostile rekey messages: each round the GCKS makes
 * a real rekey (join, leave, TEK change or batch); the test mutates its message (derived lists with
 * relocation chains and ids at the edges of the node-id space, entry and public-key node ids and
 * generations, TEK ids near 2^31 and around the revision bound, dropped, repeated and re-typed
 * entries, other message types), signs each mutation with the GCKS's own key under the group
 * authentication key the members hold, and hands it to a few members. Every call must return
 * within {@link BoundedMemberWorkTest#PROMPT} and either apply consistently or throw a typed error
 * with the state unchanged ({@link BoundedMemberWorkTest#processChecked}). Then the real message
 * goes to every member (a member that applied a mutation resyncs) and all must converge.
 *
 * <p>{@code -Dgkm.fuzz.seed=S} (or {@code random}) and {@code -Dgkm.fuzz.iterations=N} (rounds per
 * group, default {@value #DEFAULT_ITERATIONS}); the seed is printed.
 */
class HostileMessageFuzzTest {
    static final int DEFAULT_ITERATIONS = 12;
    static final int MUTATIONS = 4;
    static final int VICTIMS = 3;

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    static long seed() {
        String s = System.getProperty("gkm.fuzz.seed", "1313");
        return s.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(s);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void signedHostileMessagesReturnPromptlyAndChangeNothingOrApplyConsistently(CryptoProvider p) throws Exception {
        long seed = seed();
        int iterations = Integer.getInteger("gkm.fuzz.iterations", DEFAULT_ITERATIONS);
        System.out.println("HostileMessageFuzzTest seed " + seed + " (-Dgkm.fuzz.seed), " + iterations
                + " rounds per group (-Dgkm.fuzz.iterations), provider " + p.name());
        SplittableRandom r = new SplittableRandom(seed);
        int[] tally = new int[2];
        fuzz(p, GroupPolicy.defaults(), 24, r, iterations, tally);
        fuzz(p, GroupPolicy.defaults().withDegree(3).withTreeMode(GroupPolicy.TreeMode.HYBRID), 16, r, iterations, tally);
        System.out.println("HostileMessageFuzzTest: " + tally[0] + " mutations applied, " + tally[1] + " refused");
        assertTrue(tally[1] > 0, "no mutation was refused");
    }

    private static void fuzz(CryptoProvider p, GroupPolicy policy, int n, SplittableRandom r, int iterations, int[] tally)
            throws Exception {
        TestGroup g = new TestGroup(p, policy, n, r.nextLong());
        NodeIdSpace space = new NodeIdSpace(policy.degree());
        for (int round = 0; round < iterations; round++) {
            List<ClientKeys> joiners = new ArrayList<>();
            Rekey rk = realRekey(g, r, joiners);
            Set<Integer> leaving = new HashSet<>();
            for (int m : rk.plan().leavers()) {
                leaving.add(m);
            }
            List<Integer> candidates = new ArrayList<>(g.members.keySet());
            candidates.removeAll(leaving);
            Collections.shuffle(candidates, new Random(r.nextLong()));
            Set<Integer> diverged = new HashSet<>();
            for (int v : candidates.subList(0, Math.min(VICTIMS, candidates.size()))) {
                MemberKeyState victim = g.members.get(v);
                for (int k = 0; k < MUTATIONS; k++) {
                    RekeyMessage hostile = mutate(r, rk.message(), victim, space);
                    byte[] sealed = g.sealer.seal(hostile, rk.authKey());
                    if (BoundedMemberWorkTest.processChecked(victim, sealed, hostile, space)) {
                        tally[0]++;
                        diverged.add(v);
                        break; // its sequence moved on: the next mutation would only be a duplicate or conflict
                    }
                    tally[1]++;
                }
            }
            // the real message: every member that refused all mutations applies it; the others resync
            byte[] real = g.seal(rk);
            for (int m : leaving) {
                g.members.remove(m);
            }
            for (MemberKeyState s : g.members.values()) {
                if (diverged.contains(s.memberId())) {
                    s.resync(g.seal(g.gcks.pathView(s.memberId()).toResyncMessage()));
                } else {
                    assertEquals(MemberKeyState.Outcome.APPLIED, s.process(real), "member " + s.memberId());
                }
            }
            g.installJoiners(rk, joiners, real);
            g.assertConverged();
        }
    }

    /** A join, leave, TEK change or batch by the owner; {@code joiners} receives the joiners' client keys. */
    private static Rekey realRekey(TestGroup g, SplittableRandom r, List<ClientKeys> joiners) throws Exception {
        List<Integer> ids = new ArrayList<>(g.members.keySet());
        int op = g.members.size() < 10 ? 0 : r.nextInt(4);
        switch (op) {
            case 0: {
                ClientKeys c = g.newClient();
                joiners.add(c);
                return g.gcks.join(Requester.owner(), c);
            }
            case 1:
                return g.gcks.leave(Requester.owner(), ids.get(r.nextInt(ids.size())));
            case 2:
                return g.gcks.changeTek(Requester.owner());
            default: {
                int joins = 1 + r.nextInt(3);
                for (int i = 0; i < joins; i++) {
                    joiners.add(g.newClient());
                }
                Collections.shuffle(ids, new Random(r.nextLong()));
                int[] leavers = ids.subList(0, r.nextInt(3)).stream().mapToInt(Integer::intValue).toArray();
                return g.gcks.batch(Requester.owner(), joiners, leavers);
            }
        }
    }

    /** One to three hostile changes to {@code m}, aimed at {@code victim}; every result is a valid message value. */
    static RekeyMessage mutate(SplittableRandom r, RekeyMessage m, MemberKeyState victim, NodeIdSpace space) {
        MessageType type = m.type();
        var tek = m.tek();
        List<KeyRef> derived = new ArrayList<>(m.derived());
        List<KeyEntry> entries = new ArrayList<>(m.entries());
        List<PublicKeyUpdate> keys = new ArrayList<>(m.publicKeys());
        int changes = 1 + r.nextInt(3);
        for (int c = 0; c < changes; c++) {
            switch (r.nextInt(9)) {
                case 0:
                    derived.addAll(BoundedMemberWorkTest.randomDerived(r, victim, space));
                    break;
                case 1:
                    tek = BoundedMemberWorkTest.randomTek(r, r.nextBoolean() ? tek : victim.tekId());
                    break;
                case 2:
                    if (!entries.isEmpty()) {
                        int i = r.nextInt(entries.size());
                        KeyEntry e = entries.get(i);
                        entries.set(i, r.nextBoolean()
                                ? withRefs(e, new KeyRef(hostileNode(r, victim, space), e.target().generation()), e.encryptingKey())
                                : withRefs(e, e.target(), new KeyRef(hostileNode(r, victim, space), e.encryptingKey().generation())));
                    }
                    break;
                case 3:
                    if (!entries.isEmpty()) {
                        int i = r.nextInt(entries.size());
                        KeyEntry e = entries.get(i);
                        entries.set(i, r.nextBoolean()
                                ? withRefs(e, new KeyRef(e.target().nodeId(), hostileGeneration(r, e.target().generation())),
                                        e.encryptingKey())
                                : withRefs(e, e.target(), new KeyRef(e.encryptingKey().nodeId(),
                                        hostileGeneration(r, e.encryptingKey().generation()))));
                    }
                    break;
                case 4:
                    if (!entries.isEmpty()) {
                        int i = r.nextInt(entries.size());
                        switch (r.nextInt(3)) {
                            case 0:
                                entries.remove(i);
                                break;
                            case 1:
                                entries.add(r.nextInt(entries.size() + 1), entries.get(i));
                                break;
                            default:
                                KeyEntry e = entries.get(i);
                                KeyContent[] all = KeyContent.values();
                                entries.set(i, new KeyEntry(e.target(), all[r.nextInt(all.length)], e.lifetimeSeconds(),
                                        e.encryptingKey(), e.encryption(), e.encapsulation(), e.ciphertext()));
                                break;
                        }
                    }
                    break;
                case 5:
                    if (!keys.isEmpty()) {
                        int i = r.nextInt(keys.size());
                        PublicKeyUpdate u = keys.get(i);
                        if (r.nextBoolean()) {
                            keys.set(i, new PublicKeyUpdate(new KeyRef(hostileNode(r, victim, space),
                                    hostileGeneration(r, u.node().generation())), u.type(), u.publicKey()));
                        } else {
                            keys.remove(i);
                        }
                    }
                    break;
                case 6: {
                    MessageType[] types = {MessageType.JOIN_NOTICE, MessageType.LEAVE_REKEY, MessageType.BATCH_REKEY,
                        MessageType.TEK_CHANGE};
                    type = types[r.nextInt(types.length)];
                    break;
                }
                case 7: // split the victim's leaf: by a derivation, by an entry aimed at it, or all the way down
                    switch (entries.isEmpty() ? 0 : r.nextInt(3)) {
                        case 0:
                            derived.add(new KeyRef(victim.leaf(), hostileGeneration(r, victim.path()[0].generation())));
                            break;
                        case 1: {
                            KeyEntry e = entries.get(r.nextInt(entries.size()));
                            entries.add(withRefs(e, new KeyRef(victim.leaf(), e.target().generation()), e.encryptingKey()));
                            break;
                        }
                        default: // the leaf and its chain of first children to the end of the int range
                            for (long v = victim.leaf(); v <= Integer.MAX_VALUE; v = space.degree() * v + 1) {
                                derived.add(new KeyRef((int) v, hostileGeneration(r, victim.path()[0].generation())));
                            }
                            break;
                    }
                    break;
                default:
                    Collections.shuffle(derived, new Random(r.nextLong()));
                    Collections.shuffle(entries, new Random(r.nextLong()));
                    break;
            }
        }
        return new RekeyMessage(m.group(), m.epoch(), m.sequence(), type, tek, m.gkma(), m.senderId(), derived, entries, keys);
    }

    private static KeyEntry withRefs(KeyEntry e, KeyRef target, KeyRef encryptingKey) {
        return new KeyEntry(target, e.content(), e.lifetimeSeconds(), encryptingKey, e.encryption(), e.encapsulation(),
                e.ciphertext());
    }

    /** A node id the member may trip on: its path, its leaf's first child, the edges of the node-id space. */
    static int hostileNode(SplittableRandom r, MemberKeyState victim, NodeIdSpace space) {
        KeyRef[] path = victim.path();
        int d = space.degree();
        switch (r.nextInt(7)) {
            case 0:
                return path[r.nextInt(path.length)].nodeId();
            case 1: {
                long child = (long) d * victim.leaf() + 1;
                return child <= Integer.MAX_VALUE ? (int) child : victim.leaf();
            }
            case 2:
                return Integer.MAX_VALUE / d + r.nextInt(7) - 3;
            case 3:
                return (int) (space.maxNode() - 2L + r.nextLong(Integer.MAX_VALUE - space.maxNode() + 3L));
            case 4:
                return 0;
            case 5:
                return Integer.MAX_VALUE;
            default:
                return r.nextInt(Integer.MAX_VALUE);
        }
    }

    /** A generation next to {@code held}, or at the edges. */
    static int hostileGeneration(SplittableRandom r, int held) {
        switch (r.nextInt(5)) {
            case 0:
                return Math.max(0, held - 1);
            case 1:
                return held == Integer.MAX_VALUE ? held : held + 1;
            case 2:
                return Integer.MAX_VALUE;
            case 3:
                return 0;
            default:
                return held;
        }
    }
}
