package org.gkm.rekey;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageCodec;
import org.gkm.rekey.message.RekeyMessageSealer;

/**
 * Ad-hoc performance probe of the engine (not a test, not JMH: the JMH {@code RekeyBenchmark}
 * in the benchmarks module is the reference; figures: docs/performance-notes.md#ad-hoc-probes-rekeyprobe). Times owner leaves (each followed by an untimed join, so the size stays n),
 * batches of 10^4 leaves with their sealing (refilled by an untimed batch join) and a member's
 * open of the sealed batch, hybrid leaves and batches, and member-initiated removals, in one
 * process with {@code System.nanoTime} splits (and thread CPU time for the batches, which a loaded
 * shared machine disturbs less), and prints medians. Keys come from the provider's CSPRNG. From
 * the repository root, after {@code mvn install -DskipTests} and {@code mvn -pl rekey-engine
 * test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}:
 *
 * <pre>
 * java -Xmx3g --enable-native-access=ALL-UNNAMED \
 *     -cp rekey-engine/target/test-classes:rekey-engine/target/classes:$(cat /tmp/cp.txt) \
 *     org.gkm.rekey.RekeyProbe [openssl|java] [all|sym|sleave|symbatch|hybrid|hleave|hbatch|member] [members]
 * </pre>
 *
 * System properties: {@code probe.iters} (batches, or leaves for sleave), {@code probe.warm}
 * (warm-up batches, default 10).
 */
public final class RekeyProbe {
    private static final GroupId GROUP = GroupId.of("probe-group");
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        String prov = args.length > 0 ? args[0] : CryptoProviders.OPENSSL;
        String what = args.length > 1 ? args[1] : "all";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        CryptoProvider p = CryptoProviders.get(prov);
        System.out.println("provider " + p.name() + ", members " + n);
        if (what.equals("sym") || what.equals("all")) {
            leaves(p, GroupPolicy.defaults(), 1000, 20000);
            leaves(p, GroupPolicy.defaults(), n, 20000);
            batch(p, GroupPolicy.defaults(), n, 10_000, 8);
        }
        if (what.equals("hleave")) {
            leaves(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), n, 3000);
        }
        if (what.equals("sleave")) {
            leaves(p, GroupPolicy.defaults(), 1000, 20000);
            leaves(p, GroupPolicy.defaults(), n, Integer.getInteger("probe.iters", 20000));
        }
        if (what.equals("hbatch")) {
            batch(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), n, 10_000,
                    Integer.getInteger("probe.iters", 3));
        }
        if (what.equals("symbatch")) {
            batch(p, GroupPolicy.defaults(), n, Integer.getInteger("probe.batch", 10_000), Integer.getInteger("probe.iters", 8));
        }
        if (what.equals("hybrid") || what.equals("all")) {
            GroupPolicy h = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);
            leaves(p, h, n, 3000);
            batch(p, h, n, 10_000, 3);
        }
        if (what.equals("member") || what.equals("all")) {
            member(p, n, 300);
        }
    }

    private static RekeyMessageSealer sealer(CryptoProvider p, SplittableRandom r) throws Exception {
        byte[] sk = new byte[32];
        r.nextBytes(sk);
        PrivateKey signing = PrivateKey.decode(KeyType.ED25519, sk);
        return new RekeyMessageSealer(p, SignatureAlgorithm.ED25519, signing, 0);
    }

    private static int randomMember(GroupKeyServer g, SplittableRandom r) {
        int limit = g.tree().memberIdLimit();
        while (true) {
            int m = r.nextInt(limit);
            if (g.tree().contains(m)) {
                return m;
            }
        }
    }

    /** Owner leaves of random members, each followed by a join so that the size stays n. */
    private static void leaves(CryptoProvider p, GroupPolicy policy, int n, int iters) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        GroupKeyServer g = GroupKeyServer.create(p, policy, GROUP, EngineRandom.of(p), n, 1);
        RekeyMessageSealer sealer = sealer(p, r);
        long[] leave = new long[iters];
        long[] encode = new long[iters];
        long[] seal = new long[iters];
        long wraps = 0;
        int warm = iters / 4;
        for (int i = 0; i < warm + iters; i++) {
            int m = randomMember(g, r);
            long t0 = System.nanoTime();
            Rekey k = g.leave(Requester.owner(), m);
            long t1 = System.nanoTime();
            byte[] body = RekeyMessageCodec.encode(k.message());
            long t2 = System.nanoTime();
            byte[] sealed = sealer.seal(k.message(), k.authKey());
            long t3 = System.nanoTime();
            if (body.length == 0 || sealed.length == 0) {
                throw new AssertionError();
            }
            if (i >= warm) {
                leave[i - warm] = t1 - t0;
                encode[i - warm] = t2 - t1;
                seal[i - warm] = t3 - t2;
                wraps += k.plan().wraps();
            }
            // keep the size (and shape) stable: rejoin one member (not timed)
            g.join(Requester.owner(), ClientKeys.generate(new SeededRandom(i), policy.hybrid()));
        }
        if (policy.hybrid()) {
            // what one X25519 public-key derivation costs here (each refreshed node needs one)
            long[] x = new long[2000];
            byte[] sk = new byte[32];
            for (int i = 0; i < x.length + 500; i++) {
                r.nextBytes(sk);
                long t0 = System.nanoTime();
                p.keys().publicKey(PrivateKey.decode(KeyType.X25519, sk));
                long t1 = System.nanoTime();
                if (i >= 500) {
                    x[i - 500] = t1 - t0;
                }
            }
            System.out.printf("   X25519 public-key derivation median %.2f us%n", med(x) / 1e3);
        }
        System.out.printf("%s leave n=%d: leave median %.2f us (p10 %.2f, mean %.2f), encode %.2f us, seal (encode+sign+MAC) %.2f us, %.1f wraps%n",
                policy.hybrid() ? "hybrid" : "sym", n, med(leave) / 1e3, pct(leave, 10) / 1e3, mean(leave) / 1e3,
                med(encode) / 1e3, med(seal) / 1e3, wraps / (double) iters);
    }

    private static void batch(CryptoProvider p, GroupPolicy policy, int n, int b, int iters) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        GroupKeyServer g = GroupKeyServer.create(p, policy, GROUP, EngineRandom.of(p), n, 1);
        byte[] sk = new byte[32];
        r.nextBytes(sk);
        PrivateKey signing = PrivateKey.decode(KeyType.ED25519, sk);
        RekeyMessageSealer sealer = new RekeyMessageSealer(p, SignatureAlgorithm.ED25519, signing, 0);
        java.util.Map<Long, org.gkm.crypto.PublicKey> trusted = java.util.Map.of(0L, p.keys().publicKey(signing));
        long[] plan = new long[iters];
        long[] seal = new long[iters];
        long[] wrapNs = new long[iters];
        long[] planCpu = new long[iters];
        long[] open = new long[iters];
        long[] sealCpu = new long[iters];
        int warm = Integer.getInteger("probe.warm", 10);
        long bytes = 0;
        long wraps = 0;
        for (int i = 0; i < warm + iters; i++) {
            int[] leavers = new int[b];
            java.util.BitSet used = new java.util.BitSet();
            for (int j = 0; j < b; j++) {
                int m;
                do {
                    m = randomMember(g, r);
                } while (used.get(m));
                used.set(m);
                leavers[j] = m;
            }
            long w0 = g.stats().wrapNanos;
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Rekey k = g.batch(Requester.owner(), List.of(), leavers);
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            byte[] sealed = sealer.seal(k.message(), k.authKey());
            long t2 = System.nanoTime();
            long c2 = CPU.getCurrentThreadCpuTime();
            // a member's view: open (size, MAC, digest + signature, strict decode) and index the message
            long o0 = CPU.getCurrentThreadCpuTime();
            EntryIndex.of(new org.gkm.rekey.message.RekeyMessageOpener(p).open(sealed, k.authKey(), trusted));
            long o1 = CPU.getCurrentThreadCpuTime();
            if (i >= warm) {
                open[i - warm] = o1 - o0;
                plan[i - warm] = t1 - t0;
                seal[i - warm] = t2 - t1;
                planCpu[i - warm] = c1 - c0;
                sealCpu[i - warm] = c2 - c1;
                wrapNs[i - warm] = g.stats().wrapNanos - w0;
                bytes = sealed.length;
                wraps = k.plan().wraps();
            }
            // refill (not timed)
            List<ClientKeys> joiners = new java.util.ArrayList<>(b);
            for (int j = 0; j < b; j++) {
                joiners.add(ClientKeys.generate(new SeededRandom(i * 100_003L + j), policy.hybrid()));
            }
            g.batch(Requester.owner(), joiners, new int[0]);
        }
        System.out.printf("%s batch %d leaves n=%d: plan median %.2f ms (of it wrapBatch %.2f ms), seal %.2f ms, total %.2f ms; %d wraps, %d bytes%n",
                policy.hybrid() ? "hybrid" : "sym", b, n, med(plan) / 1e6, med(wrapNs) / 1e6, med(seal) / 1e6,
                (med(plan) + med(seal)) / 1e6, wraps, bytes);
        System.out.printf("   member open + index median %.2f ms thread CPU%n", med(open) / 1e6);
        System.out.printf("   thread CPU time: plan median %.2f ms, seal %.2f ms, total %.2f ms%n", med(planCpu) / 1e6,
                med(sealCpu) / 1e6, (med(planCpu) + med(sealCpu)) / 1e6);
        long[] tot = new long[iters];
        for (int i = 0; i < iters; i++) {
            tot[i] = plan[i] + seal[i];
        }
        System.out.printf("   totals: %s ms%n", Arrays.toString(Arrays.stream(tot).mapToDouble(x -> Math.round(x / 1e4) / 100.0).toArray()));
    }

    private static void member(CryptoProvider p, int n, int iters) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
                .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
        SplittableRandom r = new SplittableRandom(9);
        GroupKeyServer g = GroupKeyServer.create(p, policy, GROUP, EngineRandom.of(p), n, 1);
        MemberInitiator init = new MemberInitiator(p, EngineRandom.of(p));
        org.gkm.crypto.PrivateKey initiatorKey = p.keys().generate(org.gkm.crypto.KeyType.ED25519).privateKey();
        long[] build = new long[iters];
        long[] ingest = new long[iters];
        int warm = iters / 4;
        long seals = 0;
        for (int i = 0; i < warm + iters; i++) {
            int a = randomMember(g, r);
            int t;
            do {
                t = randomMember(g, r);
            } while (t == a);
            MemberKeyState.HeldKeys keys = g.memberKeys(a, InsecureSecretAccess.get());
            long s0 = init.stats().hpkeSeals;
            long t0 = System.nanoTime();
            RekeyMessage m = init.remove(g, a, keys, t);
            long t1 = System.nanoTime();
            if (!g.isCertifiedInitiator(a)) {
                g.certifyInitiator(a, p.keys().publicKey(initiatorKey));
            }
            byte[] request = new RekeyMessageSealer(p, policy.signatureAlgorithm(), initiatorKey, MemberInitiator.senderId(a))
                    .seal(m, g.authKey());
            long ti = System.nanoTime(); // the ingest includes verifying the initiator's signature
            g.ingestRemove(Requester.member(a), t, request);
            long t2 = System.nanoTime();
            if (i >= warm) {
                build[i - warm] = t1 - t0;
                ingest[i - warm] = t2 - ti;
                seals += init.stats().hpkeSeals - s0;
            }
            g.join(Requester.owner(), ClientKeys.generate(new SeededRandom(i), true));
        }
        System.out.printf("member-initiated remove n=%d: initiator median %.2f ms (p10 %.2f), GCKS ingest %.2f ms, %.1f HPKE seals%n",
                n, med(build) / 1e6, pct(build, 10) / 1e6, med(ingest) / 1e6, seals / (double) iters);
    }

    private static double med(long[] a) {
        return pct(a, 50);
    }

    private static double pct(long[] a, int q) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * q / 100)];
    }

    private static double mean(long[] a) {
        return Arrays.stream(a).average().orElse(0);
    }
}
