package org.gkm.gkmp.lkh;

import java.util.Arrays;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.UnsupportedAlgorithmException;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The key-tree path blob a member receives inside GKMP's Download_Grp_Keys ({@link LkhBinding}
 * writes it, {@link LkhBinding.Member#open} reads it, and so does any GCKS built on gkm):
 *
 * <pre>
 * member id u32, epoch i64, client key [32], client private key bytes16 (0 or 32),
 * auth key generation u32, auth key [32], signature algorithm u16, signer key bytes16 (&lt;= 65),
 * sealed path message bytes32 (&lt;= 30 KiB: the joiner's KEY_DOWNLOAD or a RESYNC)
 * </pre>
 *
 * It carries secrets (client keys, the Rekey SA key) and travels only under GKMP's one-time SKEK.
 * {@link #toString()} shows no key.
 */
public record PathBlob(int memberId, long epoch, ClientKeys clientKeys, GroupAuthKey authKey,
        SignatureAlgorithm signatureAlgorithm, PublicKey signer, byte[] sealedPath) {
    private static final int K = 32;
    /** Largest sealed path message a blob carries. */
    public static final int MAX_SEALED_PATH = 30 * 1024;

    public PathBlob {
        sealedPath = sealedPath.clone();
    }

    @Override
    public byte[] sealedPath() {
        return sealedPath.clone();
    }

    /** The wire form (the caller zeroes it once sent). */
    public byte[] encode() {
        byte[] c = clientKeys.clientKey().toByteArray(InsecureSecretAccess.get());
        SecretBytes priv = clientKeys.clientPrivateKey();
        byte[] pv = priv == null ? new byte[0] : priv.toByteArray(InsecureSecretAccess.get());
        byte[] a = authKey.key().toByteArray(InsecureSecretAccess.get());
        try {
            return WireWriter.growable().u32(memberId).i64(epoch).fixed(c, K).bytes16(pv, K).u32(authKey.generation())
                    .fixed(a, K).u16(signatureAlgorithm.code()).bytes16(signer.encoded(), 65)
                    .bytes32(sealedPath, MAX_SEALED_PATH).toByteArray();
        } finally {
            Arrays.fill(c, (byte) 0);
            Arrays.fill(pv, (byte) 0);
            Arrays.fill(a, (byte) 0);
        }
    }

    /** Strict decode; the caller destroys the client and auth keys when done. */
    public static PathBlob decode(SecretBytes blob) throws MalformedMessageException {
        byte[] b = blob.toByteArray(InsecureSecretAccess.get());
        byte[] c = null;
        byte[] pv = null;
        byte[] a = null;
        try {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            long id = r.u32("member id");
            long epoch = r.nonNegativeLong("epoch");
            c = r.fixed(K, "client key");
            pv = r.bytes16(0, K, "client private key");
            if (pv.length != 0 && pv.length != K) {
                throw new MalformedMessageException("client private key of " + pv.length + " bytes");
            }
            long gen = r.u32("auth key generation");
            a = r.fixed(K, "auth key");
            SignatureAlgorithm alg = SignatureAlgorithm.fromCode(r.u16("signature algorithm"));
            PublicKey signer = PublicKey.decode(alg.keyType(), r.bytes16(1, 65, "signer key"));
            byte[] sealed = r.bytes32(1, MAX_SEALED_PATH, "path");
            r.finish("tree path");
            if (id > Integer.MAX_VALUE || gen > Integer.MAX_VALUE) {
                throw new MalformedMessageException("member id or auth key generation out of range");
            }
            ClientKeys ck = new ClientKeys(SecretBytes.copyOf(c), pv.length == 0 ? null : SecretBytes.copyOf(pv));
            return new PathBlob((int) id, epoch, ck, GroupAuthKey.of((int) gen, SecretBytes.copyOf(a)), alg, signer, sealed);
        } catch (UnsupportedAlgorithmException | InvalidKeyException | IllegalArgumentException e) {
            throw new MalformedMessageException("tree path blob invalid: " + e.getMessage());
        } finally {
            Arrays.fill(b, (byte) 0);
            for (byte[] x : new byte[][] {c, pv, a}) {
                if (x != null) {
                    Arrays.fill(x, (byte) 0);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PathBlob[member " + memberId + ", epoch " + epoch + ", " + sealedPath.length + " path bytes]";
    }
}
