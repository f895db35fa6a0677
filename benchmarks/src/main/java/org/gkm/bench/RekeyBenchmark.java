package org.gkm.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberInitiator;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Privilege;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rekey engine's operations on a GCKS of {@code members} members, one
 * operation per invocation, in microseconds per operation.
 *
 * <ul>
 *   <li>{@code ownerLeave}: {@code GroupKeyServer.leave} by the owner (claim 14: fresh keys, and
 *       in a hybrid tree fresh key pairs, on the leaver's path; the rekey message built, not
 *       sealed: the target is "excluding the signature").
 *   <li>{@code ownerJoin}: {@code GroupKeyServer.join} by the owner (one-way refresh, claim 16),
 *       message and the joiner's key download built, not sealed.
 *   <li>{@code batchLeave}: one batch rekey removing 1% of the group ({@code members / 100}
 *       leavers; the marking algorithm of batch LKH), <b>sealed</b>: encoded, MACed and signed
 *       (Ed25519) once, as a GCKS sends it.
 *   <li>{@code memberLeave} (hybrid tree only): a member-initiated removal: the initiator builds
 *       the MEMBER_REKEY message from its own path keys and the published public keys (HPKE to
 *       copath public keys, claim 14) and seals it with its own signing key.
 *   <li>{@code memberProcessLeave}: a member processes a sealed owner-leave message: size, MAC,
 *       Ed25519 signature, sequence number, strict decode, unwrap of its entries to the new TEK.
 * </ul>
 *
 * <p>The group keeps its size: whatever an invocation does to the membership is undone outside
 * the timed region by {@code @TearDown(Level.Invocation)} (a departed member is replaced by an
 * owner join, a joiner leaves again), so every invocation sees a group of {@code members}. The
 * operations take microseconds to milliseconds, so the per-invocation timestamps JMH takes cost
 * well under 1%. Keys come from the provider's CSPRNG; which members leave is drawn from a fixed
 * seed, so the two providers see the same sequence of tree shapes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class RekeyBenchmark {
    static final GroupId GROUP = GroupId.of("gkm-bench");

    /** A GCKS with a signing key, the group authentication key and a random member picker. */
    abstract static class GroupFixture {
        CryptoProvider crypto;
        GroupPolicy policy;
        GroupKeyServer gcks;
        EngineRandom keys;
        RekeyMessageSealer sealer;
        PublicKey gcksKey;
        final SplittableRandom pick = new SplittableRandom(0x5eedL);
        /** Current member ids, swap-removed; {@code pos[m]} is m's index (or -1). */
        int[] current;
        int[] pos;
        int count;

        void build(String providerName, int members, int degree, GroupPolicy.TreeMode tree) {
            crypto = BenchSupport.gkm(providerName);
            GroupPolicy p = GroupPolicy.defaults().withDegree(degree).withTreeMode(tree);
            if (tree == GroupPolicy.TreeMode.HYBRID) {
                p = p.withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
            }
            policy = p;
            keys = EngineRandom.of(crypto);
            gcks = GroupKeyServer.create(crypto, policy, GROUP, keys, members, 1);
            KeyPair signing = crypto.keys().generate(KeyType.ED25519);
            sealer = new RekeyMessageSealer(crypto, policy.signatureAlgorithm(), signing.privateKey(), 0);
            gcksKey = signing.publicKey();
            current = new int[members * 2 + 16];
            pos = new int[members * 2 + 16];
            java.util.Arrays.fill(pos, -1);
            count = 0;
            for (int m = 0; m < members; m++) {
                add(m);
            }
        }

        void add(int m) {
            if (m >= pos.length) {
                int n = Math.max(m + 1, pos.length * 2);
                current = java.util.Arrays.copyOf(current, n);
                int old = pos.length;
                pos = java.util.Arrays.copyOf(pos, n);
                java.util.Arrays.fill(pos, old, n, -1);
            }
            pos[m] = count;
            current[count++] = m;
        }

        void remove(int m) {
            int i = pos[m];
            int last = current[--count];
            current[i] = last;
            pos[last] = i;
            pos[m] = -1;
        }

        /** A random current member other than those in {@code except}. */
        int randomMember(int... except) {
            while (true) {
                int m = current[pick.nextInt(count)];
                boolean ok = true;
                for (int e : except) {
                    ok &= m != e;
                }
                if (ok) {
                    return m;
                }
            }
        }

        void ownerJoinUntimed() throws RekeyEngineException {
            Rekey r = gcks.join(Requester.owner(), ClientKeys.generate(keys, policy.hybrid()));
            add(r.plan().joiners()[0]);
        }
    }

    /** Parameters every operation has; the group is built once per trial. */
    @State(Scope.Thread)
    public abstract static class Sized extends GroupFixture {
        @Param({"openssl", "java"})
        public String provider;

        @Param({"1000", "10000", "100000", "1000000"})
        public int members;

        @Param({"2", "4", "8"})
        public int degree;

        abstract GroupPolicy.TreeMode mode();

        @Setup(Level.Trial)
        public void setUpGroup() throws Exception {
            build(provider, members, degree, mode());
            afterBuild();
        }

        /** Per-state trial set-up that needs the group (JMH does not order set-ups across a class hierarchy). */
        void afterBuild() throws Exception {}
    }

    /** Operations that run on both tree modes. */
    @State(Scope.Thread)
    public abstract static class AnyTree extends Sized {
        @Param({"symmetric", "hybrid"})
        public String tree;

        @Override
        GroupPolicy.TreeMode mode() {
            return treeMode(tree);
        }
    }

    /** {@link #ownerLeave}: a random member leaves; an owner join refills the group afterwards. */
    @State(Scope.Thread)
    public static class OwnerLeave extends AnyTree {
        int target;

        @Setup(Level.Invocation)
        public void pickTarget() {
            target = randomMember();
        }

        @TearDown(Level.Invocation)
        public void refill() throws RekeyEngineException {
            remove(target);
            ownerJoinUntimed();
        }
    }

    /** {@link #ownerJoin}: a fresh joiner's keys; the joiner leaves again afterwards. */
    @State(Scope.Thread)
    public static class OwnerJoin extends AnyTree {
        ClientKeys joiner;
        int joined = -1;

        @Setup(Level.Invocation)
        public void newJoiner() {
            joiner = ClientKeys.generate(keys, policy.hybrid());
        }

        @TearDown(Level.Invocation)
        public void leaveAgain() throws RekeyEngineException {
            if (joined >= 0) {
                gcks.leave(Requester.owner(), joined);
                joined = -1;
            }
        }
    }

    /** {@link #batchLeave}: 1% of the members leave in one batch; one batch join refills the group. */
    @State(Scope.Thread)
    public static class BatchLeave extends AnyTree {
        int[] leavers;

        @Setup(Level.Invocation)
        public void pickLeavers() {
            int n = Math.max(1, members / 100);
            leavers = new int[n];
            for (int i = 0; i < n; i++) {
                leavers[i] = current[pick.nextInt(count)];
                remove(leavers[i]); // no member drawn twice
            }
            for (int m : leavers) {
                add(m);
            }
        }

        @TearDown(Level.Invocation)
        public void refill() throws RekeyEngineException {
            for (int m : leavers) {
                remove(m);
            }
            List<ClientKeys> joiners = new ArrayList<>(leavers.length);
            for (int i = 0; i < leavers.length; i++) {
                joiners.add(ClientKeys.generate(keys, policy.hybrid()));
            }
            Rekey r = gcks.batch(Requester.owner(), joiners, new int[0]);
            for (int m : r.plan().joiners()) {
                add(m);
            }
        }
    }

    /**
     * {@link #memberProcessLeave}: one member (the observer) with a full key state; before each
     * invocation the owner removes another member and seals the message; afterwards an owner join
     * refills the group and the observer processes that too, so it stays in sync.
     */
    @State(Scope.Thread)
    public static class MemberProcess extends AnyTree {
        MemberKeyState observer;
        int observerId;
        byte[] sealedLeave;

        @Override
        void afterBuild() throws Exception {
            observerId = randomMember();
            observer = MemberKeyState.fromDownload(crypto, policy, GROUP, gcks.epoch(), observerId,
                    gcks.clientKeys(observerId), gcks.authKey(), gcksKey,
                    sealer.seal(gcks.pathView(observerId).toResyncMessage(), gcks.authKey()));
        }

        @Setup(Level.Invocation)
        public void ownerLeave() throws RekeyEngineException {
            int target = randomMember(observerId);
            Rekey r = gcks.leave(Requester.owner(), target);
            remove(target);
            sealedLeave = sealer.seal(r.message(), r.authKey());
        }

        @TearDown(Level.Invocation)
        public void refill() throws RekeyEngineException, RekeyMessageException {
            requireInSync();
            Rekey r = gcks.join(Requester.owner(), ClientKeys.generate(keys, policy.hybrid()));
            add(r.plan().joiners()[0]);
            observer.process(sealer.seal(r.message(), r.authKey()));
            requireInSync();
        }

        private void requireInSync() {
            if (!observer.tekId().equals(gcks.tekId())) {
                throw new IllegalStateException("observer out of sync: " + observer.tekId() + " vs GCKS " + gcks.tekId());
            }
        }
    }

    /**
     * {@link #memberLeave}: a hybrid group whose members may remove members; before each invocation
     * an initiator and a target are drawn; afterwards the GCKS ingests the initiator's message (its
     * full check: every entry opens to the same keys) and an owner join refills the group.
     */
    @State(Scope.Thread)
    public static class MemberLeave extends Sized {
        MemberInitiator initiator;
        final Map<Integer, RekeyMessageSealer> initiatorSealers = new HashMap<>();
        int who;
        int target;
        MemberKeyState.HeldKeys held;
        byte[] sealed;
        RekeyMessage built;

        @Override
        GroupPolicy.TreeMode mode() {
            return GroupPolicy.TreeMode.HYBRID;
        }

        @Override
        void afterBuild() {
            initiator = new MemberInitiator(crypto, keys);
        }

        @Setup(Level.Invocation)
        public void pick() throws RekeyEngineException {
            who = randomMember();
            target = randomMember(who);
            // the initiator's own path keys, as its MemberKeyState holds them
            held = gcks.memberKeys(who, InsecureSecretAccess.get());
            sealerFor(who);
        }

        /** Member {@code m}'s initiator sealer, its key certified at the GCKS (again after the id was reused). */
        RekeyMessageSealer sealerFor(int m) throws RekeyEngineException {
            RekeyMessageSealer s = initiatorSealers.get(m);
            if (s == null || !gcks.isCertifiedInitiator(m)) {
                KeyPair kp = crypto.keys().generate(KeyType.ED25519);
                gcks.certifyInitiator(m, kp.publicKey());
                s = new RekeyMessageSealer(crypto, policy.signatureAlgorithm(), kp.privateKey(), MemberInitiator.senderId(m));
                initiatorSealers.put(m, s);
            }
            return s;
        }

        @TearDown(Level.Invocation)
        public void ingestAndRefill() throws RekeyEngineException {
            if (built == null || sealed == null) {
                throw new IllegalStateException("memberLeave built no message");
            }
            gcks.ingestRemove(Requester.member(who), target, sealed);
            built = null;
            sealed = null;
            remove(target);
            ownerJoinUntimed();
        }
    }

    @Benchmark
    public Rekey ownerLeave(OwnerLeave s) throws RekeyEngineException {
        return s.gcks.leave(Requester.owner(), s.target);
    }

    @Benchmark
    public Rekey ownerJoin(OwnerJoin s) throws RekeyEngineException {
        Rekey r = s.gcks.join(Requester.owner(), s.joiner);
        s.joined = r.plan().joiners()[0];
        return r;
    }

    @Benchmark
    public byte[] batchLeave(BatchLeave s) throws RekeyEngineException {
        Rekey r = s.gcks.batch(Requester.owner(), List.of(), s.leavers);
        return s.sealer.seal(r.message(), r.authKey());
    }

    @Benchmark
    public byte[] memberLeave(MemberLeave s) throws RekeyEngineException {
        // sealed with the initiator's key for the GCKS, which verifies it on ingest (outside the timed region)
        RekeyMessage m = s.initiator.remove(s.gcks, s.who, s.held, s.target);
        s.built = m;
        s.sealed = s.sealerFor(s.who).seal(m, s.gcks.authKey());
        return s.sealed;
    }

    @Benchmark
    public MemberKeyState.Outcome memberProcessLeave(MemberProcess s) throws RekeyEngineException, RekeyMessageException {
        return s.observer.process(s.sealedLeave);
    }

    static GroupPolicy.TreeMode treeMode(String t) {
        return switch (t) {
            case "symmetric" -> GroupPolicy.TreeMode.SYMMETRIC_ONLY;
            case "hybrid" -> GroupPolicy.TreeMode.HYBRID;
            default -> throw new IllegalArgumentException("tree must be symmetric or hybrid: " + t);
        };
    }
}
