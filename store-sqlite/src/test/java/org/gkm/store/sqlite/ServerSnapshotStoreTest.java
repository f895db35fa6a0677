package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.Requester;
import org.gkm.rekey.ServerSnapshot;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreGroupId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A GCKS's server snapshot through the at-rest barrier into a SQLite file: after the file is closed
 * and reopened the server restores with the same fingerprint and sequence, its signing key, and its
 * next rekey opens for the members that followed the original; the file holds no key in the clear.
 */
class ServerSnapshotStoreTest {
    private static final GroupId GROUP = GroupId.of("snapshot-group");
    private static final StoreGroupId STORE_GROUP = StoreGroupId.of("snapshot-group");

    @TempDir
    Path dir;

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private GroupStore open(CryptoProvider p) throws Exception {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 0x42);
        return SealedGroupStore.open(SqliteGroupStore.open(dir.resolve("gkm.db")), p, SecretBytes.copyOf(k));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void snapshotRestoresFromTheSealedSqliteStoreAfterReopening(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);
        EngineRandom random = EngineRandom.of(p);
        GroupKeyServer gcks = GroupKeyServer.create(p, policy, GROUP, random, 8, 3);
        KeyPair signing = p.keys().generate(KeyType.ED25519);
        RekeyMessageSealer sealer = new RekeyMessageSealer(p, policy.signatureAlgorithm(), signing.privateKey(), 0);
        Map<Integer, MemberKeyState> members = new TreeMap<>();
        for (int m = 0; m < 8; m++) {
            members.put(m, MemberKeyState.fromDownload(p, policy, GROUP, gcks.epoch(), m, gcks.clientKeys(m), gcks.authKey(),
                    signing.publicKey(), sealer.seal(gcks.pathView(m).toResyncMessage(), gcks.authKey())));
        }
        deliver(members, sealer, gcks.leave(Requester.owner(), 3));
        ClientKeys joiner = ClientKeys.generate(random, true);
        deliver(members, sealer, gcks.join(Requester.owner(), joiner));
        deliver(members, sealer, gcks.changeTek(Requester.owner()));

        byte[] fingerprint = gcks.fingerprint();
        long sequence = gcks.sequence();
        byte[] payload = ServerSnapshot.write(gcks, signing.privateKey(), InsecureSecretAccess.get());
        try (GroupStore store = open(p)) {
            store.writeSnapshot(new Snapshot(STORE_GROUP, gcks.epoch(), sequence, payload));
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        // the file holds the TEK only under the barrier
        String tekHex = HexFormat.of().formatHex(gcks.tek().toByteArray(InsecureSecretAccess.get()));
        String file = HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("gkm.db")));
        assertFalse(file.contains(tekHex), "the TEK is in the file in the clear");

        ServerSnapshot restored;
        try (GroupStore store = open(p)) {
            LoadedGroup loaded = store.load(STORE_GROUP).orElseThrow();
            byte[] bytes = loaded.snapshot().payload();
            restored = ServerSnapshot.read(p, random, bytes);
            Arrays.fill(bytes, (byte) 0);
            loaded.destroy();
        }
        GroupKeyServer again = restored.server();
        assertArrayEquals(fingerprint, again.fingerprint());
        assertEquals(sequence, again.sequence());
        KeyPair restoredSigning = restored.signingKey().orElseThrow();
        assertEquals(signing.publicKey(), restoredSigning.publicKey());

        RekeyMessageSealer restoredSealer = new RekeyMessageSealer(p, policy.signatureAlgorithm(),
                restoredSigning.privateKey(), 0);
        Rekey next = again.leave(Requester.owner(), 5);
        assertEquals(sequence + 1, next.message().sequence());
        deliver(members, restoredSealer, next);
        byte[] tek = again.tek().toByteArray(InsecureSecretAccess.get());
        for (MemberKeyState s : members.values()) {
            assertEquals(again.tekId(), s.tekId());
            assertArrayEquals(tek, s.tek().toByteArray(InsecureSecretAccess.get()));
        }
    }

    private static void deliver(Map<Integer, MemberKeyState> members, RekeyMessageSealer sealer, Rekey r) throws Exception {
        byte[] sealed = sealer.seal(r.message(), r.authKey());
        for (int m : r.plan().leavers()) {
            members.remove(m);
        }
        for (MemberKeyState s : members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(sealed));
        }
    }
}
