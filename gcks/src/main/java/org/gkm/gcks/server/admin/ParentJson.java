package org.gkm.gcks.server.admin;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.gcks.server.ParentAccess;
import org.gkm.rekey.message.GroupId;

/**
 * The parent section of a delegated subtree member's credential (claim 18): {@link ParentAccess}
 * as JSON. The engine group id is base64 (it is bytes); the signing key is its key type's name and
 * base64 canonical encoding.
 */
public record ParentJson(List<String> frames, List<String> http, long group, String engineGroup, PolicyJson policy, int subtree,
        int member, long epoch, String signingKeyType, String signingKey) {

    static ParentJson of(ParentAccess a) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new ParentJson(a.frames().stream().map(f -> f.getHostString() + ":" + f.getPort()).toList(),
                a.http().stream().map(URI::toString).toList(), a.group(), b64.encodeToString(a.engineGroup().value()),
                PolicyJson.of(a.policy()), a.subtree(), a.member(), a.epoch(), a.signingKey().type().name(),
                b64.encodeToString(a.signingKey().encoded()));
    }

    /**
     * The access it describes.
     *
     * @throws IllegalArgumentException a field is missing or does not decode (named)
     */
    public ParentAccess toAccess() {
        if (frames == null || engineGroup == null || policy == null || signingKeyType == null || signingKey == null) {
            throw new IllegalArgumentException("parent: frames, engineGroup, policy, signingKeyType and signingKey are required");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            PublicKey key = PublicKey.decode(KeyType.valueOf(signingKeyType), b64.decode(signingKey));
            return new ParentAccess(frames.stream().map(MemberCredential::parseAddress).toList(),
                    http == null ? List.of() : http.stream().map(URI::create).toList(), group, new GroupId(b64.decode(engineGroup)),
                    policy.toPolicy(), subtree, member, epoch, key);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("parent.signingKey: " + e.getMessage());
        }
    }
}
