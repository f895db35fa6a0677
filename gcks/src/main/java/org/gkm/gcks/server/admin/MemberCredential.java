package org.gkm.gcks.server.admin;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.TrustAnchor;
import org.gkm.gkmp.pki.VerifyingKey;
import org.gkm.rekey.GroupPolicy;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * Everything {@code gkm member} needs to join a group, as JSON (the body of the admin endpoint's
 * answer to an issue request and the content of the owner-only credential file {@code gkm admin issue}
 * writes): the member's GKMP id, private signature key, X.509 certificate and permission certificate
 * issued by the GCKS's security manager; that security manager's trust anchor and CRL; the group, its
 * controller and policy; and where the GCKS listens. Binary fields are base64. The private key is a
 * secret: the file is written owner-only and {@code toString} does not show it.
 *
 * @param gcks the frame transport as host:port
 * @param http the HTTP posting (resync (c)), or null
 * @param replicas for a replicated GCKS, every replica's frame transport as host:port (the member
 *     tries them, and follows a refusal naming the leader only to one of them); null otherwise
 * @param parent for a group that is a delegated subtree (claim 18), where and how its members
 *     follow the parent group's stream; null otherwise
 */
public record MemberCredential(String format, long group, String member, String controller, String gcks, String http,
        PolicyJson policy, String signatureAlgorithm, String privateKey, String certificate, String permissionCertificate,
        String anchorId, String anchorAlgorithm, String anchorPublicKey, String crl, java.util.List<String> replicas,
        ParentJson parent) {
    public static final String FORMAT = "gkm-member-credential-v1";

    static MemberCredential of(GkmpGroupId group, Credentials c, LocalAuthority authority, GroupPolicy policy,
            InetSocketAddress gcks, InetSocketAddress http, java.util.List<InetSocketAddress> replicas,
            org.gkm.gcks.server.ParentAccess parent) {
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] sk = c.signingKey().privateKey().encoded(InsecureSecretAccess.get());
        try {
            TrustAnchor a = authority.anchor();
            return new MemberCredential(FORMAT, group.value(), c.id().value(), authority.controllerId().value(),
                    gcks.getHostString() + ":" + gcks.getPort(),
                    http == null ? null : "http://" + http.getHostString() + ":" + http.getPort(), PolicyJson.of(policy),
                    c.signingKey().algorithm().name(), b64.encodeToString(sk), b64.encodeToString(c.certificate()),
                    b64.encodeToString(WireWriter.growable().raw(c.permissions().encode()).toByteArray()), a.id().value(),
                    a.key().algorithm().name(), b64.encodeToString(a.key().publicKey().encoded()),
                    b64.encodeToString(authority.crl().encode()),
                    replicas.isEmpty() ? null : replicas.stream().map(r -> r.getHostString() + ":" + r.getPort()).toList(),
                    parent == null ? null : ParentJson.of(parent));
        } finally {
            java.util.Arrays.fill(sk, (byte) 0);
        }
    }

    /**
     * The member's GKMP credentials.
     *
     * @throws IllegalArgumentException a field does not decode (named)
     */
    public Credentials credentials() {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a " + FORMAT + " file (format " + format + ")");
        }
        SignatureAlgorithm alg = SignatureAlgorithm.valueOf(signatureAlgorithm);
        byte[] sk = decode(privateKey, "privateKey");
        try {
            PermissionCertificate perms = PermissionCertificate.read(new WireReader<>(
                    WireWriter.growable().bytes16(decode(permissionCertificate, "permissionCertificate"), 0xFFFF).toByteArray(),
                    MalformedMessageException::new));
            return new Credentials(EntityId.of(member), new SigningKey(PrivateKey.decode(alg.keyType(), sk), alg),
                    decode(certificate, "certificate"), perms);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("privateKey: " + e.getMessage());
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException("permissionCertificate: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(sk, (byte) 0);
        }
    }

    /** The security manager's trust anchor. */
    public TrustAnchor anchor() {
        SignatureAlgorithm alg = SignatureAlgorithm.valueOf(anchorAlgorithm);
        try {
            return new TrustAnchor(EntityId.of(anchorId),
                    new VerifyingKey(PublicKey.decode(alg.keyType(), decode(anchorPublicKey, "anchorPublicKey")), alg));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("anchorPublicKey: " + e.getMessage());
        }
    }

    /** The CRL current when the credential was issued. */
    public Crl revocations() {
        try {
            return Crl.decode(decode(crl, "crl"));
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException("crl: " + e.getMessage());
        }
    }

    public GkmpGroupId groupId() {
        return new GkmpGroupId(group);
    }

    public EntityId controllerId() {
        return EntityId.of(controller);
    }

    /** The GCKS's frame transport address. */
    public InetSocketAddress gcksAddress() {
        return parseAddress(gcks);
    }

    /**
     * Where the member may register: the credential's GCKS first, then the other replicas of a
     * replicated GCKS (none for a single server).
     *
     * @throws IllegalArgumentException an address is not host:port
     */
    public java.util.List<InetSocketAddress> gcksAddresses() {
        java.util.List<InetSocketAddress> out = new java.util.ArrayList<>();
        out.add(gcksAddress());
        if (replicas != null) {
            for (String r : replicas) {
                InetSocketAddress a = parseAddress(r);
                if (!out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return java.util.List.copyOf(out);
    }

    /**
     * How the member follows its parent group's stream, if the group is a delegated subtree.
     *
     * @throws IllegalArgumentException the parent section does not decode (named)
     */
    public java.util.Optional<org.gkm.gcks.server.ParentAccess> parentAccess() {
        return parent == null ? java.util.Optional.empty() : java.util.Optional.of(parent.toAccess());
    }

    public URI httpUri() {
        return http == null ? null : URI.create(http);
    }

    /** host:port (IPv4 or a name; IPv6 in brackets). */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + hostPort);
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
    }

    private static byte[] decode(String b64, String field) {
        if (b64 == null) {
            throw new IllegalArgumentException(field + " missing");
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not base64");
        }
    }

    @Override
    public String toString() {
        return "MemberCredential[" + member + " in group " + group + "]";
    }
}
