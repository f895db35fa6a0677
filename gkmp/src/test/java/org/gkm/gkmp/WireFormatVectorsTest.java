package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gkmp.engine.KeySchedule;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Inner;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.message.Request;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.JoinPolicy;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors of the wire format: every frame type, every inner record, the data items,
 * a log record and the key schedule's labels, built from fixed field values, encode to the recorded
 * bytes (pinned by their SHA-256) and decode back to the same bytes. The digests were recorded from
 * the encoder as it stood before the codec moved to the shared wire module, so the move (and any
 * later change of the codec layer) keeps the format byte-identical or fails here.
 */
class WireFormatVectorsTest {
    static final GkmpGroupId G = new GkmpGroupId(0x0102030405L);
    static final EntityId GC = EntityId.of("gc");
    static final EntityId M1 = EntityId.of("m1");

    static byte[] bytes(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    static final Permissions PERMS = Permissions.of(3, "intel", "ops");
    static final PermissionCertificate PC = new PermissionCertificate(M1, Role.MEMBER, PERMS, 42, 1_800_000_000_000L, bytes(64, 1));
    static final GroupToken TOKEN = new GroupToken(G, GC, GroupAction.REKEY, PERMS, 3600, 7, List.of(M1, GC, EntityId.of("m2")),
            JoinPolicy.LISTED, 5, bytes(300, 2), bytes(71, 3));
    static final Crl CRL = new Crl(4, 1_700_000_000_000L, List.of(EntityId.of("m5"), EntityId.of("m9")), bytes(64, 4));

    static Map<String, byte[]> frames() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        Header to = new Header(MessageType.COMMAND_CREATE_GROUP, G, GC, M1);
        f.put("Command_Create_Group", Codec.encode(to, new Messages.CommandCreateGroup(TOKEN)));
        f.put("Create_Grp_Keys_1", Codec.encode(new Header(MessageType.CREATE_GRP_KEYS_1, G, GC, M1),
                new Messages.CreateGrpKeys1(Request.GROUP_CREATE, new KeyId(11), new KeyId(12), bytes(32, 5), bytes(32, 6), TOKEN,
                        bytes(400, 7), bytes(64, 8))));
        f.put("Create_Grp_Keys_2", Codec.encode(new Header(MessageType.CREATE_GRP_KEYS_2, G, M1, GC),
                new Messages.CreateGrpKeys2(new KeyId(11), new KeyId(12), bytes(32, 9), bytes(32, 10), bytes(32, 11), bytes(400, 12),
                        bytes(72, 13))));
        f.put("Negotiate_Grp_Keys_1", Codec.encode(new Header(MessageType.NEGOTIATE_GRP_KEYS_1, G, GC, M1),
                new Messages.NegotiateGrpKeys1(new KeyId(11), new KeyId(12), bytes(100, 14))));
        f.put("Negotiate_Grp_Keys_2", Codec.encode(new Header(MessageType.NEGOTIATE_GRP_KEYS_2, G, M1, GC),
                new Messages.NegotiateGrpKeys2(new KeyId(11), new KeyId(12), bytes(90, 15))));
        f.put("Create_Session_KEK_1", Codec.encode(new Header(MessageType.CREATE_SESSION_KEK_1, G, GC, M1),
                new Messages.CreateSessionKek1(Request.DISTRIBUTE_KEYS, new KeyId(13), bytes(32, 16), bytes(400, 17), bytes(64, 18))));
        f.put("Create_Session_KEK_2", Codec.encode(new Header(MessageType.CREATE_SESSION_KEK_2, G, M1, GC),
                new Messages.CreateSessionKek2(new KeyId(13), bytes(32, 19), bytes(32, 20), bytes(400, 21), bytes(70, 22))));
        f.put("Negotiate_Session_Keys_1", Codec.encode(new Header(MessageType.NEGOTIATE_SESSION_KEYS_1, G, GC, M1),
                new Messages.NegotiateSessionKeys1(new KeyId(13), bytes(80, 23))));
        f.put("Negotiate_Session_Keys_2", Codec.encode(new Header(MessageType.NEGOTIATE_SESSION_KEYS_2, G, M1, GC),
                new Messages.NegotiateSessionKeys2(new KeyId(13), bytes(81, 24))));
        f.put("Download_Grp_Keys", Codec.encode(new Header(MessageType.DOWNLOAD_GRP_KEYS, G, GC, M1),
                new Messages.DownloadGrpKeys(new KeyId(13), bytes(200, 25))));
        f.put("Key_Download_Ack", Codec.encode(new Header(MessageType.KEY_DOWNLOAD_ACK, G, M1, GC),
                new Messages.KeyDownloadAck(new KeyId(13), bytes(40, 26))));
        f.put("Rekey_Multicast", Codec.encode(new Header(MessageType.REKEY_MULTICAST, G, GC, null),
                new Messages.RekeyMulticast(new KeyId(12), new KeyId(14), new KeyId(15), bytes(500, 27))));
        f.put("Request_Group_Join", Codec.encode(new Header(MessageType.REQUEST_GROUP_JOIN, G, M1, GC),
                new Messages.RequestGroupJoin(Request.GROUP_JOIN, bytes(16, 28), 1_700_000_123_456L, bytes(400, 29), bytes(64, 30))));
        f.put("Delete_Group_Keys", Codec.encode(new Header(MessageType.DELETE_GROUP_KEYS, G, GC, null),
                new Messages.DeleteGroupKeys(MessageType.DELETE_GROUP_KEYS, new KeyId(14), bytes(300, 31))));
        f.put("Grp_Keys_Deleted_Ack", Codec.encode(new Header(MessageType.GRP_KEYS_DELETED_ACK, G, M1, GC),
                new Messages.GrpKeysDeletedAck(MessageType.GRP_KEYS_DELETED_ACK, new KeyId(14), bytes(150, 32))));
        f.put("Delete_Group", Codec.encode(new Header(MessageType.DELETE_GROUP, G, GC, null),
                new Messages.DeleteGroupKeys(MessageType.DELETE_GROUP, new KeyId(14), bytes(310, 33))));
        f.put("Group_Deleted_Ack", Codec.encode(new Header(MessageType.GROUP_DELETED_ACK, G, M1, GC),
                new Messages.GrpKeysDeletedAck(MessageType.GROUP_DELETED_ACK, new KeyId(14), bytes(151, 34))));
        f.put("CRL_Request", Codec.encode(new Header(MessageType.CRL_REQUEST, G, M1, EntityId.of("sm")), new Messages.CrlRequest(3)));
        f.put("CRL_Update", Codec.encode(new Header(MessageType.CRL_UPDATE, G, EntityId.of("sm"), M1), new Messages.CrlUpdate(CRL)));
        return f;
    }

    static Map<String, byte[]> items() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("GroupToken", TOKEN.encode());
        f.put("GroupToken.signedContent", TOKEN.signedContent());
        f.put("PermissionCertificate", PC.encode());
        f.put("Crl", CRL.encode());
        f.put("GroupTerms", new Inner.GroupTerms(TOKEN, PC, 4).encode());
        f.put("MemberTerms", new Inner.MemberTerms(PC, 5).encode());
        f.put("KeyPacket", new Inner.KeyPacket(new KeyId(14), new KeyId(15), bytes(32, 40), bytes(32, 41), bytes(120, 42), bytes(32, 43))
                .encode());
        f.put("Confirmation", new Inner.Confirmation(MessageType.DOWNLOAD_GRP_KEYS.code(), new KeyId(14)).encode());
        Inner.SignedRekey rekey = new Inner.SignedRekey(TOKEN, PC, bytes(400, 44), bytes(32, 45), bytes(32, 46), bytes(64, 47));
        f.put("SignedRekey", rekey.encode());
        f.put("SignedRekey.tbs", rekey.tbs(bytes(20, 48)));
        Inner.SignedDelete delete = new Inner.SignedDelete(Request.GLOBAL_DELETE, List.of(M1, EntityId.of("m3")), new GkmpGroupId(9),
                bytes(16, 49), 1_700_000_222_000L, bytes(400, 50), bytes(64, 51));
        f.put("SignedDelete", delete.encode());
        f.put("SignedDelete.tbs", delete.tbs(bytes(20, 52)));
        f.put("SignedDelete.noAlternative", new Inner.SignedDelete(Request.DELETE_MEMBERS, List.of(M1), null, bytes(16, 53), 5,
                bytes(400, 54), bytes(64, 55)).encode());
        Inner.SignedDeleteAck ack = new Inner.SignedDeleteAck(M1, bytes(32, 56), bytes(400, 57), bytes(64, 58));
        f.put("SignedDeleteAck", ack.encode());
        f.put("SignedDeleteAck.tbs", ack.tbs(bytes(20, 59)));
        LogEntry e = new LogEntry(17, 1_700_000_333_000L, GC, G.value(), "CHECKPOINT", "detail \u00e9", bytes(32, 60), bytes(64, 61),
                bytes(32, 62));
        f.put("LogEntry", e.encoded());
        f.put("LogEntry.unsigned", e.unsignedEncoding());
        return f;
    }

    /** SHA-256 of each encoding, recorded from the encoder before the codec moved to the wire module. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("Command_Create_Group", "522a3f21cd85883541977222ae51e4a0a034fe91dcd2693a277b0420048d637a"),
            Map.entry("Create_Grp_Keys_1", "fd7d85750cef259e211eef3ae7ef2654ca3f18a54326d38bb09538b40d5fc26c"),
            Map.entry("Create_Grp_Keys_2", "a5c01fc23c7a35ae93bd6b5bd3d1bce6f45c12fbd1fe7200fe7b45b640fe5239"),
            Map.entry("Negotiate_Grp_Keys_1", "42bb65cb5c9c6358bf695ea1ef6072ad27ecae2e5a55f32ce581f1f577080210"),
            Map.entry("Negotiate_Grp_Keys_2", "bbbd9849aa6d2d5edd3f969ca8966ba267070794b67cdcb06c8be0bb3ddfd24c"),
            Map.entry("Create_Session_KEK_1", "fef6c1e73f2bc14ffa77e8c4ac81e9f1b132ebcd91fbd1e648e8c6f38cb7cea3"),
            Map.entry("Create_Session_KEK_2", "ae65d107985274c52e96ebf7c99e61df0b17a6f3438343103a73dea79ebef355"),
            Map.entry("Negotiate_Session_Keys_1", "d0f490916b354f6e5affc893abc30e0a727aec95a27522914caf4f091fab7271"),
            Map.entry("Negotiate_Session_Keys_2", "7d104b808aca1ebcebb623603b74fa1d4de9920dfc2e5ee93c2d9b750569be09"),
            Map.entry("Download_Grp_Keys", "3d5d03ed2a10b97d01b2e95a6be03e95c79353a4e65dbabffe6f7677302c42f9"),
            Map.entry("Key_Download_Ack", "5a8a28494bea8aa7dee7457108de59ae377a435f0c6dcc5452bb11cda06f530f"),
            Map.entry("Rekey_Multicast", "78afba8effab7286810b721cf33f73c7f090c61168a257628867722a914bfae1"),
            Map.entry("Request_Group_Join", "1b534184a2c5fe7e0fd4bf5bfe944c489a8e06ce19dae0ee4f02420e4e196f8b"),
            Map.entry("Delete_Group_Keys", "b6516f6d6d132ccc0c2dfbc41d8daffe8cc489b5ade67a6c03a382b8ad689df1"),
            Map.entry("Grp_Keys_Deleted_Ack", "e1f8025f58ba352f84612e5d497faefff03985aaa8b27aaa544528bdb8e0fe61"),
            Map.entry("Delete_Group", "837ea65f97e619d51398c0f5aa280cc93b4f1ec080381833777825a746eff5d4"),
            Map.entry("Group_Deleted_Ack", "945a324bb9287fff1b5908f3e6615a1e37dcdcd95b3edc59107c0d6bda778399"),
            Map.entry("CRL_Request", "76226e70e18711c711d99c8b9ba0484634eb1b6156a24908ce6e4aeeb6d087c3"),
            Map.entry("CRL_Update", "793b87c7d2d2bba9e34020a4df6d2d86ac26318bfe00f2eafe32ff00069dd776"),
            Map.entry("GroupToken", "cd70b148d23e26ad172412022f945d3f75b404dd3c0826d2d016cbabfda7afdd"),
            Map.entry("GroupToken.signedContent", "a3bffd3763f17a78fc6d96a68d2dceb17f6a7bdb9343493aa9a09631ffed36a8"),
            Map.entry("PermissionCertificate", "489d29018606a533370ce7545ce18b04afd9f78137cba0e52152f0405af491a7"),
            Map.entry("Crl", "53d64c536028098410a3b48da4aa15a9bea315a3a829a02ab655077b8379915c"),
            Map.entry("GroupTerms", "9ec95d226e004ad7379d7ff67d2b57ea698bfa5995f146f83f1f9199685a896d"),
            Map.entry("MemberTerms", "4063e10449d5355373e1fedd310585d8816ebd9b827ed88696395abe7f8802c0"),
            Map.entry("KeyPacket", "d28cb9ef00d182beb06abea3f1bd85039b127aaebe9fa337651f3ec5e3cf8e82"),
            Map.entry("Confirmation", "070b3ca3b4b9ddf0a5adcea756b7f8f08fe5cafc6769de7e55765392d435e899"),
            Map.entry("SignedRekey", "e6cf8e058e42bff40279e89f69de89159271d113ee8461c1e01d6197453c275d"),
            Map.entry("SignedRekey.tbs", "1a2d71c8ab0d077751274895d4e36160332bd1b1bb1062ba90b98f511d2f2a33"),
            Map.entry("SignedDelete", "15964a581147e147bae0d161defa1ab4910c69ff9118bce0f066fb9fba5af195"),
            Map.entry("SignedDelete.tbs", "0817428a191ed2764441df3ee7d3d9af46dd40d6bf3c061b1ed6d2baaa33f863"),
            Map.entry("SignedDelete.noAlternative", "644c3909b63bf616bd6fa650d15b09d4e0cd7f0d4350ab8dff133ec9509af19c"),
            Map.entry("SignedDeleteAck", "45f7a4ae594a1f90263b79171c166f5b936fec7cf19deb911c525450e6b96b29"),
            Map.entry("SignedDeleteAck.tbs", "a035c11963cf190478f2734b8eaee45432a2695c71fae610f40e6171db0dc0e1"),
            Map.entry("LogEntry", "50b0d780ae9bb0c60e2385cb1c652b41533e0c79b4f1071494a1748e828ea617"),
            Map.entry("LogEntry.unsigned", "cd779f45924bfc01fd7ff0848fb52f702e20e423cd1b2743f0f0e4a94683b773"),
            Map.entry("transcript hash", "a9d96a1346c7f4114fecffc76f3b09e09fce8a779244d6c03b09eac943232742"),
            Map.entry("key schedule", "7d69045c3b2ad24f8accec4bf3b450c993a27d058e1b938d78cb212bcdde73ae"));

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void framesEncodeToTheRecordedBytesAndDecodeBack() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : frames().entrySet()) {
            Frame f = Codec.decode(e.getValue());
            assertArrayEquals(e.getValue(), Codec.encode(f.header(), f.body()), e.getKey() + " does not round-trip");
            check(e.getKey(), e.getValue(), wrong);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void innerRecordsAndDataItemsEncodeToTheRecordedBytesAndDecodeBack() throws Exception {
        Map<String, byte[]> items = items();
        assertArrayEquals(items.get("GroupToken"), GroupToken.decode(items.get("GroupToken")).encode());
        assertArrayEquals(items.get("Crl"), Crl.decode(items.get("Crl")).encode());
        assertArrayEquals(items.get("GroupTerms"), Inner.GroupTerms.decode(items.get("GroupTerms")).encode());
        assertArrayEquals(items.get("MemberTerms"), Inner.MemberTerms.decode(items.get("MemberTerms")).encode());
        assertArrayEquals(items.get("KeyPacket"), Inner.KeyPacket.decode(items.get("KeyPacket")).encode());
        assertArrayEquals(items.get("Confirmation"), Inner.Confirmation.decode(items.get("Confirmation")).encode());
        assertArrayEquals(items.get("SignedRekey"), Inner.SignedRekey.decode(items.get("SignedRekey")).encode());
        assertArrayEquals(items.get("SignedDelete"), Inner.SignedDelete.decode(items.get("SignedDelete")).encode());
        assertArrayEquals(items.get("SignedDelete.noAlternative"),
                Inner.SignedDelete.decode(items.get("SignedDelete.noAlternative")).encode());
        assertArrayEquals(items.get("SignedDeleteAck"), Inner.SignedDeleteAck.decode(items.get("SignedDeleteAck")).encode());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : items.entrySet()) {
            check(e.getKey(), e.getValue(), wrong);
        }
        assertEquals(List.of(), wrong);
    }

    /** The key schedule's labels and transcript hash are wire encodings too: fixed inputs, fixed keys, on every provider. */
    @Test
    void keyScheduleDerivesTheRecordedKeys() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (String name : TestProviders.names()) {
            KeySchedule ks = new KeySchedule(TestProviders.get(name));
            byte[] th = ks.hash(bytes(50, 70), bytes(60, 71));
            check("transcript hash", th, wrong);
            KeySchedule.GroupKeys gk = ks.groupKeys(bytes(32, 72), bytes(32, 73), th, G, new KeyId(11), new KeyId(12));
            KeySchedule.SessionKeys sk = ks.sessionKeys(bytes(32, 74), th, G, new KeyId(13));
            String fps = ks.fingerprint(gk.gtek()) + ks.fingerprint(gk.gkek()) + ks.fingerprint(gk.negotiation())
                    + ks.fingerprint(sk.skek()) + ks.fingerprint(sk.negotiation()) + ks.fingerprint(sk.checksum());
            check("key schedule", fps.getBytes(java.nio.charset.StandardCharsets.US_ASCII), wrong);
        }
        assertEquals(List.of(), wrong);
    }

    private static void check(String name, byte[] encoding, List<String> wrong) throws Exception {
        String got = sha256(encoding);
        if (!got.equals(EXPECTED.get(name))) {
            wrong.add("Map.entry(\"" + name + "\", \"" + got + "\")");
        }
    }
}
