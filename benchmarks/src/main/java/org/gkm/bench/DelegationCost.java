package org.gkm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.delegation.DelegatedSubtree;
import org.gkm.rekey.delegation.DelegatingParent;
import org.gkm.rekey.delegation.SubtreeLink;
import org.gkm.rekey.delegation.SubtreeReport;
import org.gkm.rekey.message.GroupId;

/**
 * Cost of one leave with subtree delegation against the flat tree, counted: a group of
 * {@code members} members as one flat tree, and the same members split into {@code subtrees}
 * delegated subtrees under a parent key server (all trees of degree {@code degree}, symmetric).
 * For {@code leaves} departures of random members (the same seed for both layouts) it reports the
 * mean wraps (the entries of each rekey message, from its plan), the messages sent, and the mean
 * time of planning and applying each step (messages built, not sealed), after a warm-up at 10^4
 * members. Counts do not depend on the provider; times do, and are single-run figures. A member
 * outside the leaver's subtree receives only the parent's message (its wraps); one inside it also
 * the subtree's.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.gkm.bench.DelegationCost
 * [provider=openssl] [members=1000000] [subtrees=100] [degree=4] [leaves=200]}.
 */
public final class DelegationCost {
    private DelegationCost() {
    }

    /** The mean counts and times of one layout. */
    record Row(String layout, double subtreeWraps, double reportWraps, double parentWraps, double messages,
            double subtreeMicros, double reportMicros, double parentMicros) {
        double wraps() {
            return subtreeWraps + reportWraps + parentWraps;
        }
    }

    public static void main(String[] args) throws Exception {
        String provider = args.length > 0 ? args[0] : "openssl";
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int subtrees = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int degree = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int leaves = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        CryptoProvider p = BenchSupport.gkm(provider);
        // warm-up at a small scale, so the timed leaves run compiled code
        flat(p, 10_000, degree, 2_000);
        delegated(p, 10_000, 10, degree, 2_000);
        List<Row> rows = List.of(flat(p, members, degree, leaves), delegated(p, members, subtrees, degree, leaves));
        System.out.printf(Locale.ROOT, "provider %s, %d members, degree %d, %d leaves; delegated: %d subtrees of %d%n",
                provider, members, degree, leaves, subtrees, members / subtrees);
        System.out.println("| layout | subtree wraps | report wraps | parent wraps | wraps/leave | messages/leave "
                + "| subtree us/leave | report us/leave | parent us/leave |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    r.layout(), r.subtreeWraps(), r.reportWraps(), r.parentWraps(), r.wraps(), r.messages(),
                    r.subtreeMicros(), r.reportMicros(), r.parentMicros());
        }
    }

    /** One flat tree of {@code members}: each leave is one rekey of the whole path. */
    static Row flat(CryptoProvider p, int members, int degree, int leaves) throws RekeyEngineException {
        GroupPolicy policy = GroupPolicy.defaults().withDegree(degree);
        GroupKeyServer g = GroupKeyServer.create(p, policy, GroupId.of("flat"), EngineRandom.of(p), members, 1);
        SplittableRandom pick = new SplittableRandom(0x5eedL);
        boolean[] gone = new boolean[members];
        long wraps = 0;
        long nanos = 0;
        for (int i = 0; i < leaves; i++) {
            int m = pickMember(pick, gone, members);
            long t0 = System.nanoTime();
            Rekey r = g.leave(Requester.owner(), m);
            nanos += System.nanoTime() - t0;
            wraps += r.message().entries().size();
        }
        return new Row("flat, " + members, 0, 0, (double) wraps / leaves, 1, 0, 0, nanos / 1e3 / leaves);
    }

    /** The same members in {@code subtrees} delegated subtrees: subtree rekey, one report, the parent's upper path. */
    static Row delegated(CryptoProvider p, int members, int subtrees, int degree, int leaves) throws RekeyEngineException {
        GroupPolicy policy = GroupPolicy.defaults().withDegree(degree);
        EngineRandom random = EngineRandom.of(p);
        GroupId parentGroup = GroupId.of("parent");
        DelegatingParent parent = new DelegatingParent(GroupKeyServer.create(p, policy, parentGroup, random, 0, 1));
        int per = members / subtrees;
        List<DelegatedSubtree> subs = new ArrayList<>();
        for (int s = 0; s < subtrees; s++) {
            byte[] k = new byte[SubtreeLink.KEY_BYTES];
            random.fill(k, 0, k.length);
            GroupKeyServer server = GroupKeyServer.create(p, policy, GroupId.of("subtree-" + s), random, per, 1);
            DelegatedSubtree sub = new DelegatedSubtree(server, new SubtreeLink(parentGroup, s, SecretBytes.copyOf(k)),
                    false);
            parent.delegate(new SubtreeLink(parentGroup, s, SecretBytes.copyOf(k)), sub.report().encode());
            java.util.Arrays.fill(k, (byte) 0);
            subs.add(sub);
        }
        SplittableRandom pick = new SplittableRandom(0x5eedL);
        boolean[] gone = new boolean[members];
        long subWraps = 0;
        long reportWraps = 0;
        long parentWraps = 0;
        long messages = 0;
        long subNanos = 0;
        long reportNanos = 0;
        long parentNanos = 0;
        for (int i = 0; i < leaves; i++) {
            int m = pickMember(pick, gone, members); // member m of the flat layout is member m % per of subtree m / per
            DelegatedSubtree sub = subs.get(m / per);
            long t0 = System.nanoTime();
            Rekey r = sub.server().leave(Requester.owner(), m % per);
            long tr = System.nanoTime();
            SubtreeReport report = sub.reportIfRootChanged().orElseThrow();
            long t1 = System.nanoTime();
            Rekey up = parent.accept(report.encode());
            long t2 = System.nanoTime();
            subNanos += tr - t0;
            reportNanos += t1 - tr;
            parentNanos += t2 - t1;
            subWraps += r.message().entries().size();
            reportWraps += 1;
            parentWraps += up.message().entries().size();
            messages += 3; // the subtree's multicast, the report to the parent, the parent's multicast
        }
        return new Row(subtrees + " subtrees of " + per, (double) subWraps / leaves, (double) reportWraps / leaves,
                (double) parentWraps / leaves, (double) messages / leaves, subNanos / 1e3 / leaves,
                reportNanos / 1e3 / leaves, parentNanos / 1e3 / leaves);
    }

    private static int pickMember(SplittableRandom pick, boolean[] gone, int members) {
        while (true) {
            int m = pick.nextInt(members);
            if (!gone[m]) {
                gone[m] = true;
                return m;
            }
        }
    }
}
