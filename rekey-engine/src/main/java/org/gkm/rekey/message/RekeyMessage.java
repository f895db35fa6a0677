package org.gkm.rekey.message;

import java.util.List;
import java.util.Objects;

/**
 * One rekey message (RFC 4046 sec. 5.2, 5.8, 6.2): the group, the Rekey SA epoch (its SPI), the
 * sequence number within the epoch, what kind of rekey it is, the TEK id it establishes (claim 7),
 * the GKMA, the sender (GCKS or initiating member), the nodes whose keys members refresh themselves
 * with the one-way function, in order (join, claim 16), the encrypted keys, and the new public keys.
 * A key download is a message of type {@link MessageType#KEY_DOWNLOAD}.
 *
 * <p>Invariants: epoch, sequence and sender id >= 0; list sizes within {@link RekeyLimits}; lists are
 * immutable copies without nulls ({@link EncodedEntries}, immutable already, is kept as is: the GCKS's
 * large rekeys carry their entries encoded). The total encoded size limit ({@link RekeyLimits#MAX_MESSAGE_BYTES})
 * is checked by {@link RekeyMessageCodec#encode}. {@code toString} shows counts, never ciphertexts.
 */
public record RekeyMessage(GroupId group, long epoch, long sequence, MessageType type, TekId tek, Gkma gkma,
                           long senderId, List<KeyRef> derived, List<KeyEntry> entries, List<PublicKeyUpdate> publicKeys) {
    public RekeyMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tek, "tek");
        Objects.requireNonNull(gkma, "gkma");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        if (senderId < 0) {
            throw new IllegalArgumentException("sender id must be >= 0, got " + senderId);
        }
        derived = List.copyOf(derived);
        // an EncodedEntries block is immutable already: kept as is (copying would decode every entry)
        entries = entries instanceof EncodedEntries ? entries : List.copyOf(entries);
        publicKeys = List.copyOf(publicKeys);
        if (derived.size() > RekeyLimits.MAX_DERIVED) {
            throw new IllegalArgumentException("at most " + RekeyLimits.MAX_DERIVED + " derived nodes, got " + derived.size());
        }
        if (entries.size() > RekeyLimits.MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + RekeyLimits.MAX_ENTRIES + " entries, got " + entries.size());
        }
        if (publicKeys.size() > RekeyLimits.MAX_PUBLIC_KEY_UPDATES) {
            throw new IllegalArgumentException("at most " + RekeyLimits.MAX_PUBLIC_KEY_UPDATES + " public-key updates, got "
                    + publicKeys.size());
        }
    }

    @Override
    public String toString() {
        return "RekeyMessage[group=" + group + ", epoch=" + epoch + ", sequence=" + sequence + ", type=" + type + ", tek=" + tek
                + ", gkma=" + gkma + ", sender=" + senderId + ", derived=" + derived.size() + ", entries=" + entries.size()
                + ", publicKeys=" + publicKeys.size() + "]";
    }
}
