package org.gkm.rekey;

import java.util.List;
import java.util.Objects;
import org.gkm.rekey.message.EncodedEntries;
import org.gkm.rekey.message.Gkma;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;

/**
 * The published keying material infrastructure (claim 18), or a part of it: everything except
 * plaintext secrets. Entries are the same {@link KeyEntry} values rekey messages carry (a rekey
 * message is a delta of this), so the portions can be stored on any node: the root portion
 * (TEK under the root KEK, root private key under the TEK, TEK under the root public key), the KEK
 * portion (each node key under each child key, node private keys under node keys) and the client
 * portion (parent KEK under the client key, client public keys).
 *
 * @param sequence the sequence number of the last rekey message this state includes
 * @param leaves the client leaves this view covers (one for a path view), ascending
 */
public record PublishedInfrastructure(GroupId group, long epoch, long sequence, TekId tek, Gkma gkma,
        List<Integer> leaves, List<KeyEntry> entries, List<PublicKeyUpdate> publicKeys) {

    public PublishedInfrastructure {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(tek, "tek");
        Objects.requireNonNull(gkma, "gkma");
        leaves = List.copyOf(leaves);
        // an EncodedEntries block (a path view) is immutable already: kept as is, as RekeyMessage does
        entries = entries instanceof EncodedEntries ? entries : List.copyOf(entries);
        publicKeys = List.copyOf(publicKeys);
    }

    /**
     * This view as a RESYNC message (to seal and send to an out-of-sync member, RFC 4046 sec. 5.3):
     * the member rebuilds its state from it with its client key alone.
     */
    public RekeyMessage toResyncMessage() {
        return new RekeyMessage(group, epoch, sequence, MessageType.RESYNC, tek, gkma, GroupKeyServer.GCKS_SENDER,
                List.of(), entries, publicKeys);
    }

    @Override
    public String toString() {
        return "PublishedInfrastructure[" + group + ", seq=" + sequence + ", tek=" + tek + ", leaves=" + leaves.size()
                + ", entries=" + entries.size() + ", publicKeys=" + publicKeys.size() + "]";
    }
}
