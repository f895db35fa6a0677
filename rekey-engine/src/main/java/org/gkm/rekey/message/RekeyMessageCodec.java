package org.gkm.rekey.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.UnsupportedAlgorithmException;
import org.gkm.wire.MalformedInputFactory;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The versioned, big-endian binary body of a {@link RekeyMessage} (DESIGN.md "Wire formats"; RFC
 * 4046 sec. 5.8 for the per-key fields). Layout of format version 1 (all integers big-endian, every
 * 32/64-bit number must have its top bit clear):
 *
 * <pre>
 * u8  format version (1)         u8  message type code        u8 group id length (1..64), group id
 * u64 epoch (Rekey SA SPI)       u64 sequence                 u32 TEK version, u32 TEK revision
 * u8  GKMA name length (1..32), name ([A-Za-z0-9._-]), u16 GKMA version, u16 degree (2..1024)
 * u64 sender id
 * u32 derived count (..2^20),   then per node:  u32 node id, u32 generation
 * u32 entry count (..2^20),     then per entry: u32 target node, u32 target generation, u8 content,
 *     u64 lifetime s, u32 encrypting node, u32 encrypting generation, u8 encryption,
 *     u8 encapsulation length (0..65), encapsulation, u16 ciphertext length (16..4096), ciphertext
 * u32 public-key count (..2^16), then per key:  u32 node id, u32 generation, u16 key type code,
 *     u16 key length, key
 * </pre>
 *
 * Every field has exactly one encoding, so equal messages encode to equal bytes and the decoder
 * accepts exactly the encoder's outputs: unknown versions and codes, negative numbers, counts and
 * lengths over their limits or over the bytes remaining (checked before allocating), values the
 * value types reject, and trailing bytes all raise {@link MalformedMessageException}. Written and
 * read with the shared {@code org.gkm.wire} codec; the entry blocks of {@link EncodedEntries} are
 * copied in one piece. Stateless and thread-safe.
 */
public final class RekeyMessageCodec {
    /** The only format version this codec writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Largest body: {@link RekeyLimits#MAX_MESSAGE_BYTES} less room for the envelope (version, lengths,
     * key id, algorithm, signature, tag), so every encodable body can be sealed.
     */
    public static final int MAX_BODY_BYTES = RekeyLimits.MAX_MESSAGE_BYTES - 256;

    /** Bytes of a derived node (two u32). */
    static final int DERIVED_BYTES = 8;
    /** Fixed bytes of an entry (without encapsulation and ciphertext). */
    static final int ENTRY_FIXED_BYTES = 8 + 1 + 8 + 8 + 1 + 1 + 2;
    /** Fixed bytes of a public-key update (without the key). */
    static final int PUBLIC_KEY_FIXED_BYTES = 8 + 2 + 2;

    /** How the shared reader reports a violation of this format. */
    private static final MalformedInputFactory<MalformedMessageException> MALFORMED = MalformedMessageException::new;

    private RekeyMessageCodec() {
    }

    /**
     * The exact length of {@link #encode}'s output, computed without encoding (one pass over the
     * entries' lengths, no allocation): what the simulation reports as multicast bytes.
     */
    public static long encodedSize(RekeyMessage m) {
        long size = 3 + m.group().length() + 8 + 8 + 4 + 4 + 1 + m.gkma().name().length() + 2 + 2 + 8;
        size += 4 + (long) DERIVED_BYTES * m.derived().size();
        size += 4 + entriesSize(m.entries());
        size += 4 + (long) PUBLIC_KEY_FIXED_BYTES * m.publicKeys().size();
        for (PublicKeyUpdate u : m.publicKeys()) {
            size += u.publicKeyArray().length;
        }
        return size;
    }

    /**
     * An upper bound of the body length of a GCKS rekey with at most {@code entries} entries of at
     * most {@code ciphertextBytes} each (no encapsulated keys) plus {@code extraBytes} for a few
     * larger ones, {@code publicKeys} 32-byte public-key updates and no derived nodes: lets the
     * engine refuse a rekey that could not be encoded before it changes any key.
     */
    public static long bodyBound(long entries, int ciphertextBytes, long publicKeys, long extraBytes) {
        long header = 3 + RekeyLimits.MAX_GROUP_ID_BYTES + 8 + 8 + 4 + 4 + 1 + RekeyLimits.MAX_GKMA_NAME_BYTES + 2 + 2 + 8 + 4;
        return header + 4 + entries * (ENTRY_FIXED_BYTES + ciphertextBytes) + extraBytes
                + 4 + publicKeys * (PUBLIC_KEY_FIXED_BYTES + 32);
    }

    private static long entriesSize(List<KeyEntry> entries) {
        if (entries instanceof EncodedEntries) {
            EncodedEntries e = (EncodedEntries) entries;
            return e.blockBytes() + entriesSize(e.tail());
        }
        long size = (long) ENTRY_FIXED_BYTES * entries.size();
        for (KeyEntry e : entries) {
            size += e.encapsulationLength() + e.ciphertextLength();
        }
        return size;
    }

    /**
     * Encodes {@code m}.
     *
     * @throws IllegalArgumentException if the encoding would exceed {@link #MAX_BODY_BYTES} (split the rekey)
     */
    public static byte[] encode(RekeyMessage m) {
        byte[] out = new byte[checkedSize(m)];
        encodeInto(m, out, 0, out.length);
        return out;
    }

    /**
     * {@link #encodedSize}{@code (m)}, refused when over {@link #MAX_BODY_BYTES}.
     *
     * @throws IllegalArgumentException if the encoding would exceed {@link #MAX_BODY_BYTES} (split the rekey)
     */
    static int checkedSize(RekeyMessage m) {
        long size = encodedSize(m);
        if (size > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("rekey message body of " + size + " bytes exceeds " + MAX_BODY_BYTES);
        }
        return (int) size;
    }

    /**
     * Encodes {@code m} into {@code out[off .. off+size)} where {@code size} is
     * {@link #encodedSize}{@code (m)} (checked by the caller against {@link #MAX_BODY_BYTES}): the
     * sealer writes the body straight into the envelope.
     */
    static void encodeInto(RekeyMessage m, byte[] out, int off, int size) {
        WireWriter w = WireWriter.into(out, off);
        w.u8(FORMAT_VERSION).u8(m.type().code());
        w.u8(m.group().length()).raw(m.group().array());
        w.i64(m.epoch()).i64(m.sequence());
        w.u32(m.tek().version()).u32(m.tek().revision());
        w.ascii8(m.gkma().name()).u16(m.gkma().version()).u16(m.gkma().degree());
        w.i64(m.senderId());
        w.u32(m.derived().size());
        for (KeyRef r : m.derived()) {
            writeKeyRef(w, r);
        }
        w.u32(m.entries().size());
        List<KeyEntry> entries = m.entries();
        if (entries instanceof EncodedEntries) {
            EncodedEntries block = (EncodedEntries) entries;
            block.copyBlock(out, w.position());
            w.skip(block.blockBytes());
            entries = block.tail();
        }
        for (KeyEntry e : entries) {
            writeKeyRef(w, e.target());
            w.u8(e.content().code()).i64(e.lifetimeSeconds());
            writeKeyRef(w, e.encryptingKey());
            w.u8(e.encryption().code());
            w.u8(e.encapsulationLength()).raw(e.encapsulationArray());
            w.u16(e.ciphertextLength()).raw(e.ciphertextArray());
        }
        w.u32(m.publicKeys().size());
        for (PublicKeyUpdate u : m.publicKeys()) {
            writeKeyRef(w, u.node());
            w.u16(u.type().code());
            w.u16(u.publicKeyArray().length).raw(u.publicKeyArray());
        }
        if (w.position() != off + size) {
            throw new IllegalStateException("encodedSize disagrees with encode: " + size + " vs " + (w.position() - off));
        }
    }

    private static void writeKeyRef(WireWriter w, KeyRef r) {
        w.u32(r.nodeId()).u32(r.generation());
    }

    /** Decodes a whole array as one body. */
    public static RekeyMessage decode(byte[] body) throws MalformedMessageException {
        return decode(body, 0, body.length);
    }

    /**
     * Decodes {@code len} bytes at {@code off} as exactly one body (no trailing bytes).
     *
     * @throws MalformedMessageException on any violation of the format (see the class comment)
     */
    public static RekeyMessage decode(byte[] buf, int off, int len) throws MalformedMessageException {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside an array of " + buf.length);
        }
        if (len > MAX_BODY_BYTES) {
            throw new MalformedMessageException("body of " + len + " bytes exceeds " + MAX_BODY_BYTES);
        }
        WireReader<MalformedMessageException> r = new WireReader<>(buf, off, len, MALFORMED);
        int version = r.u8("format version");
        if (version != FORMAT_VERSION) {
            throw new MalformedMessageException("unsupported format version " + version + " (expected " + FORMAT_VERSION + ")");
        }
        int typeCode = r.u8("message type");
        MessageType type = MessageType.fromCode(typeCode);
        if (type == null) {
            throw new MalformedMessageException("unknown message type code " + typeCode);
        }
        int groupLength = r.u8("group id length");
        if (groupLength < RekeyLimits.MIN_GROUP_ID_BYTES || groupLength > RekeyLimits.MAX_GROUP_ID_BYTES) {
            throw new MalformedMessageException("group id length " + groupLength + " outside " + RekeyLimits.MIN_GROUP_ID_BYTES
                    + ".." + RekeyLimits.MAX_GROUP_ID_BYTES);
        }
        GroupId group = new GroupId(r.fixed(groupLength, "group id"));
        long epoch = r.nonNegativeLong("epoch");
        long sequence = r.nonNegativeLong("sequence");
        TekId tek = new TekId(r.nonNegativeInt("TEK version"), r.nonNegativeInt("TEK revision"));
        Gkma gkma = readGkma(r);
        long sender = r.nonNegativeLong("sender id");

        int derivedCount = r.count32(RekeyLimits.MAX_DERIVED, DERIVED_BYTES, "derived count");
        // Per-element field names are constants; the element index is added only to an error's message.
        List<KeyRef> derived = new ArrayList<>(derivedCount);
        for (int i = 0; i < derivedCount; i++) {
            try {
                derived.add(readKeyRef(r, ".nodeId", ".generation"));
            } catch (MalformedMessageException e) {
                throw indexed("derived", i, e);
            }
        }
        int entryCount = r.count32(RekeyLimits.MAX_ENTRIES, ENTRY_FIXED_BYTES + RekeyLimits.MIN_CIPHERTEXT_BYTES, "entry count");
        List<KeyEntry> entries = new ArrayList<>(entryCount);
        for (int i = 0; i < entryCount; i++) {
            try {
                entries.add(readEntry(r));
            } catch (MalformedMessageException e) {
                throw indexed("entry", i, e);
            }
        }
        int keyCount = r.count32(RekeyLimits.MAX_PUBLIC_KEY_UPDATES, PUBLIC_KEY_FIXED_BYTES + 1, "public-key count");
        List<PublicKeyUpdate> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            try {
                keys.add(readPublicKey(r));
            } catch (MalformedMessageException e) {
                throw indexed("publicKey", i, e);
            }
        }
        r.finish("end of message");
        return new RekeyMessage(group, epoch, sequence, type, tek, gkma, sender, derived, entries, keys);
    }

    private static Gkma readGkma(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        int nameLength = r.u8("GKMA name length");
        if (nameLength < RekeyLimits.MIN_GKMA_NAME_BYTES || nameLength > RekeyLimits.MAX_GKMA_NAME_BYTES) {
            throw new MalformedMessageException("GKMA name length " + nameLength + " outside " + RekeyLimits.MIN_GKMA_NAME_BYTES
                    + ".." + RekeyLimits.MAX_GKMA_NAME_BYTES);
        }
        byte[] name = r.fixed(nameLength, "GKMA name");
        for (byte b : name) {
            if (!Gkma.isNameChar(b & 0xFF)) {
                throw new MalformedMessageException("GKMA name has a byte outside [A-Za-z0-9._-]: 0x" + Integer.toHexString(b & 0xFF));
            }
        }
        int version = r.u16("GKMA version");
        int degree = r.u16("degree");
        if (degree < RekeyLimits.MIN_DEGREE || degree > RekeyLimits.MAX_DEGREE) {
            throw new MalformedMessageException("degree " + degree + " outside " + RekeyLimits.MIN_DEGREE + ".." + RekeyLimits.MAX_DEGREE);
        }
        return new Gkma(new String(name, StandardCharsets.US_ASCII), version, degree);
    }

    /** A key reference with constant field names (no string built per field on the hot path). */
    private static KeyRef readKeyRef(WireReader<MalformedMessageException> r, String nodeField, String generationField)
            throws MalformedMessageException {
        int node = r.nonNegativeInt(nodeField);
        int generation = r.nonNegativeInt(generationField);
        return new KeyRef(node, generation);
    }

    /** {@code e} with the element named in front: "entry[7].content ..." (built only on failure). */
    private static MalformedMessageException indexed(String list, int i, MalformedMessageException e) {
        return new MalformedMessageException(list + "[" + i + "]" + e.getMessage());
    }

    /** One entry; field names start with '.' and {@link #indexed} puts "entry[i]" in front of them. */
    private static KeyEntry readEntry(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        KeyRef target = readKeyRef(r, ".target.nodeId", ".target.generation");
        int contentCode = r.u8(".content");
        KeyContent content = KeyContent.fromCode(contentCode);
        if (content == null) {
            throw new MalformedMessageException(": unknown key content code " + contentCode);
        }
        long lifetime = r.nonNegativeLong(".lifetime");
        KeyRef encryptingKey = readKeyRef(r, ".encryptingKey.nodeId", ".encryptingKey.generation");
        int encryptionCode = r.u8(".encryption");
        Encryption encryption = Encryption.fromCode(encryptionCode);
        if (encryption == null) {
            throw new MalformedMessageException(": unknown encryption code " + encryptionCode);
        }
        int encapsulationLength = r.u8(".encapsulation length");
        // Check the lengths against the entry rules before reading (and allocating) either array.
        String problem = KeyEntry.problem(lifetime, encryption, encapsulationLength, RekeyLimits.MIN_CIPHERTEXT_BYTES);
        if (problem != null) {
            throw new MalformedMessageException(": " + problem);
        }
        byte[] encapsulation = r.fixed(encapsulationLength, ".encapsulation");
        int ciphertextLength = r.u16(".ciphertext length");
        problem = KeyEntry.problem(lifetime, encryption, encapsulationLength, ciphertextLength);
        if (problem != null) {
            throw new MalformedMessageException(": " + problem);
        }
        byte[] ciphertext = r.fixed(ciphertextLength, ".ciphertext");
        return new KeyEntry(target, content, lifetime, encryptingKey, encryption, encapsulation, ciphertext);
    }

    private static PublicKeyUpdate readPublicKey(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        KeyRef node = readKeyRef(r, ".node.nodeId", ".node.generation");
        int typeCode = r.u16(".type");
        KeyType type;
        try {
            type = KeyType.fromCode(typeCode);
        } catch (UnsupportedAlgorithmException e) {
            throw new MalformedMessageException(": unknown key type code 0x" + Integer.toHexString(typeCode));
        }
        int length = r.u16(".length");
        String problem = PublicKeyUpdate.problem(type, length);
        if (problem != null) {
            throw new MalformedMessageException(": " + problem);
        }
        return new PublicKeyUpdate(node, type, r.fixed(length, ".key"));
    }
}
