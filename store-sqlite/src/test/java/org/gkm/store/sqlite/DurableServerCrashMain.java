package org.gkm.store.sqlite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Privilege;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.CommittedRekey;
import org.gkm.rekey.store.DurableGroupServer;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreGroupId;

/**
 * The GCKS process {@link DurableServerCrashTest} kills: a {@link DurableGroupServer} over a sealed
 * SQLite store, created on the first run and opened (snapshot + records replayed) on later ones.
 * Prints {@code READY <sequence> <fingerprint>}, then runs random joins, leaves, batches and TEK
 * changes and prints {@code ACK <sequence> <fingerprint> <SHA-256 of the sealed message>} after
 * each operation returned, i.e. after its commit is durable: the point at which a GCKS acknowledges
 * the requester. Exits by itself after the deadline (argument 2, epoch millis).
 */
final class DurableServerCrashMain {
    static final GroupId GROUP = GroupId.of("durable-crash-group");
    static final StoreGroupId STORE_GROUP = new StoreGroupId(GROUP.value());
    static final GroupPolicy POLICY = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER)).withTekChange(GroupPolicy.TekChangeMode.VERSION);
    static final SnapshotPolicy SNAPSHOTS = SnapshotPolicy.every(10);

    private DurableServerCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        long deadline = Long.parseLong(args[1]);
        PrintStream out = System.out;
        CryptoProvider p = CryptoProviders.get(CryptoProviders.JAVA);
        EngineRandom random = EngineRandom.of(p);
        try (GroupStore s = SealedGroupStore.open(SqliteGroupStore.open(db), p, CrashWriterMain.masterKey(),
                CrashWriterMain.OPTIONS)) {
            DurableGroupServer d = s.status(STORE_GROUP).isPresent()
                    ? DurableGroupServer.open(s, p, GROUP, random, SNAPSHOTS)
                    : DurableGroupServer.create(s, p, POLICY, GROUP, random, 20, 1, SNAPSHOTS);
            out.println("READY " + d.view().sequence() + " " + HexFormat.of().formatHex(d.view().fingerprint()));
            out.flush();
            SplittableRandom r = new SplittableRandom();
            while (System.currentTimeMillis() < deadline) {
                CommittedRekey c = randomOp(d, r);
                out.println("ACK " + c.sequence() + " " + HexFormat.of().formatHex(d.view().fingerprint()) + " "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.message())));
                out.flush();
            }
        }
    }

    private static CommittedRekey randomOp(DurableGroupServer d, SplittableRandom r) throws Exception {
        GroupKeyServer v = d.view();
        List<Integer> members = new ArrayList<>();
        for (int m = 0; m < v.tree().memberIdLimit(); m++) {
            if (v.tree().contains(m)) {
                members.add(m);
            }
        }
        int kind = members.size() < 10 ? 0 : members.size() > 40 ? 1 : r.nextInt(4);
        EngineRandom keys = (buf, off, len) -> {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) r.nextInt(256);
            }
        };
        return switch (kind) {
            case 0 -> d.join(Requester.owner(), ClientKeys.generate(keys, true));
            case 1 -> d.leave(Requester.owner(), members.get(r.nextInt(members.size())));
            case 2 -> {
                int a = members.get(r.nextInt(members.size()));
                int b = members.get(r.nextInt(members.size()));
                yield d.batch(Requester.owner(), List.of(ClientKeys.generate(keys, true)), a == b ? new int[] {a} : new int[] {a, b});
            }
            default -> d.changeTek(Requester.owner());
        };
    }
}
