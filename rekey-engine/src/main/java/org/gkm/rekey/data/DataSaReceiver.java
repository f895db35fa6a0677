package org.gkm.rekey.data;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.NonceSequenceAead;
import org.gkm.crypto.OpeningKey;

/**
 * Decrypts Data SA packets under the member's current {@link DataSaKey}. Packets belong to sender
 * streams, one per {@link DataSaSender} instance, named by (sender id, salt); each tracked stream
 * keeps its derived key and a {@link ReplayWindow}.
 *
 * <p>Checks, in order, each with its own exception: length and format
 * ({@link MalformedPacketException}), group tag ({@link WrongGroupException}), TEK id equal to the
 * current one ({@link UnknownTekException}), the stream's replay window if the stream is tracked
 * ({@link ReplayedPacketException}, {@link StalePacketException}), AES-GCM tag under the stream's key
 * ({@link DataAuthenticationException}). Nothing changes before the tag verified: a stream is
 * created, its window moved and its recency updated only for an authentic packet, so any failure
 * leaves the receiver exactly as it was and forged packets (fresh salts included) cost one HKDF and
 * one GCM attempt but no memory.
 *
 * <p>At most {@code maxStreams} streams are tracked; an authentic packet of a new stream beyond that
 * evicts the stream that least recently had a packet accepted ({@link #evictions()} counts them).
 * An evicted stream's window is gone: a later packet of it starts a new window, so its old packets
 * could be accepted again. Size {@code maxStreams} above the number of sender instances expected
 * under one TEK (senders times restarts); only holders of the data key can create streams. {@link
 * #rekey} moves to a newer TEK, drops every stream and zeroes their keys. Thread-safe; decryption
 * runs outside the lock.
 */
public final class DataSaReceiver {
    /** Streams tracked when the constructor is not told otherwise. */
    public static final int DEFAULT_MAX_STREAMS = 1024;

    private final CryptoProvider provider;
    private final int maxStreams;
    private DataSaKey key;
    /** In order of the last accepted packet, least recent first. */
    private final LinkedHashMap<StreamId, Stream> streams = new LinkedHashMap<>();
    private long evictions;

    public DataSaReceiver(CryptoProvider provider, DataSaKey key) {
        this(provider, key, DEFAULT_MAX_STREAMS);
    }

    /**
     * A receiver tracking at most {@code maxStreams} sender streams.
     *
     * @throws IllegalArgumentException if {@code maxStreams < 1}
     */
    public DataSaReceiver(CryptoProvider provider, DataSaKey key, int maxStreams) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.key = Objects.requireNonNull(key, "key");
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, got " + maxStreams);
        }
        this.maxStreams = maxStreams;
    }

    /** The current Data SA key. */
    public synchronized DataSaKey currentKey() {
        return key;
    }

    /**
     * Switches to {@code newer}, which must be of the same group and have a higher TEK id; every
     * stream is dropped and its key zeroed.
     *
     * @throws IllegalArgumentException otherwise
     */
    public synchronized void rekey(DataSaKey newer) {
        if (!newer.group().equals(key.group())) {
            throw new IllegalArgumentException("Data SA key of another group");
        }
        if (newer.tekId().compareTo(key.tekId()) <= 0) {
            throw new IllegalArgumentException("TEK " + newer.tekId() + " is not newer than " + key.tekId());
        }
        key = newer;
        for (Stream s : streams.values()) {
            s.key.destroy();
        }
        streams.clear();
    }

    /** Opens a packet and returns its plaintext. */
    public byte[] open(byte[] packet) throws DataSaException {
        Objects.requireNonNull(packet, "packet");
        int min = DataSaHeader.BYTES + NonceSequenceAead.OVERHEAD;
        if (packet.length < min || packet.length > min + DataSaSender.MAX_PLAINTEXT_BYTES) {
            throw new MalformedPacketException("Data SA packet of " + packet.length + " bytes outside " + min + ".."
                    + (min + DataSaSender.MAX_PLAINTEXT_BYTES));
        }
        DataSaHeader header = DataSaHeader.parse(packet);
        StreamId id = StreamId.of(header);
        DataSaKey k;
        OpeningKey opener;
        synchronized (this) {
            k = key;
            checkAgainst(k, header, id);
            Stream s = streams.get(id);
            // A copy: an eviction or rekey may zero the stream's key while this thread decrypts.
            opener = s == null ? null : s.key.copy();
        }
        try {
            if (opener == null) {
                opener = deriveOpener(k, header);
            }
            byte[] plaintext;
            try {
                plaintext = opener.open(header.sequence(), Arrays.copyOfRange(packet, DataSaHeader.BYTES, packet.length),
                        Arrays.copyOf(packet, DataSaHeader.BYTES));
            } catch (InvalidCiphertextException e) {
                throw new DataAuthenticationException("Data SA packet does not authenticate");
            } catch (InvalidInputException e) {
                throw new IllegalStateException("a parsed sequence number was out of range", e);
            }
            synchronized (this) {
                if (key != k) {
                    throw new UnknownTekException("TEK changed to " + key.tekId() + " while the packet was being opened");
                }
                // Check again: another thread may have accepted the same number meanwhile.
                checkAgainst(k, header, id);
                Stream s = streams.remove(id);
                if (s == null) {
                    s = new Stream(opener);
                    opener = null;
                    if (streams.size() >= maxStreams) {
                        evictLeastRecent();
                    }
                }
                s.window.accept(header.sequence());
                streams.put(id, s);
            }
            return plaintext;
        } finally {
            if (opener != null) {
                opener.destroy();
            }
        }
    }

    private OpeningKey deriveOpener(DataSaKey k, DataSaHeader header) {
        try {
            return provider.nonceSequenceAead().openingKey(AeadAlgorithm.AES_256_GCM, k.dataKey(), header.salt(),
                    k.senderContext(header.senderId()));
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new IllegalStateException("a 32-byte data key, a " + DataSaHeader.SALT_BYTES + "-byte salt and a short context were refused", e);
        }
    }

    private void evictLeastRecent() {
        Iterator<Map.Entry<StreamId, Stream>> it = streams.entrySet().iterator();
        Stream eldest = it.next().getValue();
        it.remove();
        eldest.key.destroy();
        evictions++;
    }

    private void checkAgainst(DataSaKey k, DataSaHeader header, StreamId id) throws DataSaException {
        if (!MessageDigest.isEqual(header.groupTag(), k.groupTagArray())) {
            throw new WrongGroupException("Data SA packet of another group");
        }
        if (!header.tek().equals(k.tekId())) {
            throw new UnknownTekException("Data SA packet under TEK " + header.tek() + (header.tek().compareTo(k.tekId()) < 0 ? ", older than" : ", not yet known; current")
                    + " TEK " + k.tekId());
        }
        Stream s = streams.get(id);
        if (s != null) {
            s.window.check(header.sequence());
        }
    }

    /** Number of sender streams tracked now. */
    public synchronized int trackedStreams() {
        return streams.size();
    }

    /** Streams evicted to stay within {@code maxStreams} since construction. */
    public synchronized long evictions() {
        return evictions;
    }

    /** The window of the stream {@code header} belongs to, or null: for tests of the window's state. */
    synchronized ReplayWindow window(DataSaHeader header) {
        Stream s = streams.get(StreamId.of(header));
        return s == null ? null : s.window;
    }

    /** The streams' identities, least recently accepted first: for tests of the eviction order. */
    synchronized List<String> streamOrder() {
        return streams.keySet().stream().map(StreamId::toString).toList();
    }

    /** A sender stream: sender id and the 16-byte salt as two longs. */
    private record StreamId(long senderId, long saltHigh, long saltLow) {
        static StreamId of(DataSaHeader h) {
            byte[] salt = h.salt();
            return new StreamId(h.senderId(), toLong(salt, 0), toLong(salt, 8));
        }

        private static long toLong(byte[] b, int at) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[at + i] & 0xFF);
            }
            return v;
        }

        @Override
        public String toString() {
            return senderId + "/" + String.format("%016x%016x", saltHigh, saltLow);
        }
    }

    /** A tracked stream's key and window; guarded by the receiver's lock. */
    private static final class Stream {
        final OpeningKey key;
        final ReplayWindow window = new ReplayWindow();

        Stream(OpeningKey key) {
            this.key = key;
        }
    }
}
