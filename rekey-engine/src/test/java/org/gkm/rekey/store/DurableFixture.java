package org.gkm.rekey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;

/**
 * Test fixture: a {@link DurableGroupServer} and a {@link MemberKeyState} for each of its members,
 * built from the sealed path views and kept current from the sealed messages of every committed
 * rekey, as members over a network would.
 */
final class DurableFixture {
    static final GroupId GROUP = GroupId.of("durable-group");
    final CryptoProvider provider;
    final GroupPolicy policy;
    final EngineRandom random;
    DurableGroupServer server;
    final Map<Integer, MemberKeyState> members = new HashMap<>();

    DurableFixture(CryptoProvider provider, GroupPolicy policy, DurableGroupServer server, EngineRandom random) throws Exception {
        this.provider = provider;
        this.policy = policy;
        this.server = server;
        this.random = random;
        GroupKeyServer v = server.view();
        for (int m = 0; m < v.tree().memberIdLimit(); m++) {
            if (v.tree().contains(m)) {
                members.put(m, MemberKeyState.fromDownload(provider, policy, GROUP, v.epoch(), m, v.clientKeys(m),
                        v.authKey(), server.signingKey(), server.sealedPathView(m)));
            }
        }
    }

    static EngineRandom seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (buf, off, len) -> {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) r.nextInt(256);
            }
        };
    }

    static SecretBytes masterKey(int seed) {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        Arrays.fill(k, (byte) seed);
        k[0] = 0x3c;
        return SecretBytes.copyOf(k);
    }

    ClientKeys newClient() {
        return ClientKeys.generate(random, policy.hybrid());
    }

    /** Delivers a committed rekey: leavers dropped, the rest process the multicast, joiners install. */
    void follow(CommittedRekey c, List<ClientKeys> joiners, GroupAuthKey registrationKey) throws Exception {
        for (int m : c.plan().leavers()) {
            members.remove(m);
        }
        for (MemberKeyState s : members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(c.message()), "member " + s.memberId());
        }
        int[] ids = c.plan().joiners();
        Map<Integer, byte[]> downloads = c.downloads();
        for (int j = 0; j < ids.length; j++) {
            byte[] sealed = downloads.getOrDefault(ids[j], c.message());
            members.put(ids[j], MemberKeyState.fromDownload(provider, policy, GROUP, server.view().epoch(), ids[j],
                    joiners.get(j), registrationKey, server.signingKey(), sealed));
        }
    }

    /** One random committed operation (join, leave, batch or TEK change), followed by the members. */
    CommittedRekey randomOp(SplittableRandom r) throws Exception {
        GroupAuthKey before = server.view().authKey();
        int kind = members.size() < 4 ? 0 : r.nextInt(4);
        List<ClientKeys> joiners = List.of();
        CommittedRekey c;
        switch (kind) {
            case 0 -> {
                joiners = List.of(newClient());
                c = server.join(Requester.owner(), joiners.get(0));
            }
            case 1 -> c = server.leave(Requester.owner(), pick(r));
            case 2 -> {
                joiners = r.nextBoolean() ? List.of(newClient(), newClient()) : List.of();
                int a = pick(r);
                int b = pick(r);
                c = server.batch(Requester.owner(), joiners, a == b ? new int[] {a} : new int[] {a, b});
            }
            default -> c = server.changeTek(Requester.owner());
        }
        follow(c, joiners, before);
        before.destroy();
        return c;
    }

    int pick(SplittableRandom r) {
        Integer[] ids = members.keySet().toArray(new Integer[0]);
        Arrays.sort(ids);
        return ids[r.nextInt(ids.length)];
    }

    void assertConverged() {
        GroupKeyServer v = server.view();
        byte[] tek = v.tek().toByteArray(InsecureSecretAccess.get());
        for (MemberKeyState s : members.values()) {
            assertEquals(v.tekId(), s.tekId(), "TEK id of member " + s.memberId());
            assertArrayEquals(tek, s.tek().toByteArray(InsecureSecretAccess.get()), "TEK of member " + s.memberId());
            assertEquals(v.sequence(), s.sequence());
        }
        assertEquals(v.tree().memberCount(), members.size());
    }
}
