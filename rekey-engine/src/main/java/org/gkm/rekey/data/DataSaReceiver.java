package org.gkm.rekey.data;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;

/**
 * Decrypts Data SA packets under the member's current {@link DataSaKey}, with one
 * {@link ReplayWindow} per sender. Checks, in order, each with its own exception: length and format
 * ({@link MalformedPacketException}), group tag ({@link WrongGroupException}), TEK id equal to the
 * current one ({@link UnknownTekException}), replay window ({@link ReplayedPacketException},
 * {@link StalePacketException}), AES-GCM tag ({@link DataAuthenticationException}). The window moves
 * only after the tag verified: any failure leaves the receiver exactly as it was. {@link #rekey}
 * moves to a newer TEK and starts fresh windows (sequence numbers restart under a new key).
 * Thread-safe.
 */
public final class DataSaReceiver {
    private final CryptoProvider provider;
    private DataSaKey key;
    private final Map<Long, ReplayWindow> windows = new HashMap<>();

    public DataSaReceiver(CryptoProvider provider, DataSaKey key) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The current Data SA key. */
    public synchronized DataSaKey currentKey() {
        return key;
    }

    /**
     * Switches to {@code newer}, which must be of the same group and have a higher TEK id; the
     * replay windows restart.
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
        windows.clear();
    }

    /** Opens a packet and returns its plaintext. */
    public byte[] open(byte[] packet) throws DataSaException {
        Objects.requireNonNull(packet, "packet");
        int min = DataSaHeader.BYTES + org.gkm.crypto.internal.InsecureNonceAesGcm.TAG_LENGTH;
        if (packet.length < min || packet.length > min + DataSaSender.MAX_PLAINTEXT_BYTES) {
            throw new MalformedPacketException("Data SA packet of " + packet.length + " bytes outside " + min + ".."
                    + (min + DataSaSender.MAX_PLAINTEXT_BYTES));
        }
        DataSaHeader header = DataSaHeader.parse(packet);
        DataSaKey k;
        synchronized (this) {
            k = key;
            checkAgainst(k, header);
        }
        byte[] aad = Arrays.copyOf(packet, DataSaHeader.BYTES);
        byte[] plaintext;
        try {
            plaintext = provider.insecureNonceAesGcm().open(k.keyArray(), header.nonce(), aad,
                    Arrays.copyOfRange(packet, DataSaHeader.BYTES, packet.length));
        } catch (InvalidCiphertextException e) {
            throw new DataAuthenticationException("Data SA packet does not authenticate");
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new IllegalStateException("AES-GCM refused a 32-byte key and 12-byte nonce", e);
        }
        synchronized (this) {
            // Check again: another thread may have accepted the same number, or rekeyed, meanwhile.
            checkAgainst(k, header);
            if (key != k) {
                throw new UnknownTekException("TEK changed to " + key.tekId() + " while the packet was being opened");
            }
            windows.computeIfAbsent(header.senderId(), s -> new ReplayWindow()).accept(header.sequence());
        }
        return plaintext;
    }

    private void checkAgainst(DataSaKey k, DataSaHeader header) throws DataSaException {
        if (!MessageDigest.isEqual(header.groupTag(), k.groupTagArray())) {
            throw new WrongGroupException("Data SA packet of another group");
        }
        if (!header.tek().equals(k.tekId())) {
            throw new UnknownTekException("Data SA packet under TEK " + header.tek() + (header.tek().compareTo(k.tekId()) < 0 ? ", older than" : ", not yet known; current")
                    + " TEK " + k.tekId());
        }
        ReplayWindow w = windows.get(header.senderId());
        if (w != null) {
            w.check(header.sequence());
        }
    }

    /** The window of {@code senderId}, or null: for tests of the window's state. */
    synchronized ReplayWindow window(long senderId) {
        return windows.get(senderId);
    }
}
