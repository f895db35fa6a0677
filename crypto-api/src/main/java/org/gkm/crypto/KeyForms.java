package org.gkm.crypto;

import java.util.function.Supplier;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;
import org.gkm.crypto.spi.ParsedKey;

/**
 * The {@link KeyMaterial} of one key value: its encoding (through {@code encoding}, which throws
 * once a private key is destroyed) and the parsed forms providers attached to it.
 *
 * <p>Reads take no lock: the forms are an immutable array behind a volatile field, replaced whole
 * under this object's lock when a form is added. Most keys have one or two forms (one per
 * provider use), so a linear scan by parser identity is the cheapest lookup.
 */
final class KeyForms implements KeyMaterial {
    private static final Object[] NONE = new Object[0];

    private final Supplier<byte[]> encoding;
    /** parser, form, parser, form, ...; null once destroyed. */
    private volatile Object[] forms = NONE;

    KeyForms(Supplier<byte[]> encoding) {
        this.encoding = encoding;
    }

    @Override
    public byte[] encoded() {
        return encoding.get();
    }

    @Override
    public <T extends ParsedKey> T parsed(KeyParser<T> parser) throws InvalidKeyException {
        T found = find(forms, parser);
        if (found != null) {
            return found;
        }
        T made = parser.parse(encoded());
        synchronized (this) {
            Object[] now = forms;
            found = now == null ? null : find(now, parser);
            if (now != null && found == null) {
                Object[] grown = java.util.Arrays.copyOf(now, now.length + 2);
                grown[now.length] = parser;
                grown[now.length + 1] = made;
                forms = grown;
                return made;
            }
        }
        made.destroy(); // another thread's form won, or the key was destroyed meanwhile
        if (found == null) {
            throw new IllegalStateException("key was destroyed");
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static <T extends ParsedKey> T find(Object[] forms, KeyParser<T> parser) {
        if (forms == null) {
            throw new IllegalStateException("key was destroyed");
        }
        for (int i = 0; i < forms.length; i += 2) {
            if (forms[i] == parser) {
                return (T) forms[i + 1];
            }
        }
        return null;
    }

    /** Destroys every form; later {@link #parsed} calls throw. Idempotent. */
    void destroy() {
        Object[] old;
        synchronized (this) {
            old = forms;
            forms = null;
        }
        if (old != null) {
            for (int i = 1; i < old.length; i += 2) {
                ((ParsedKey) old[i]).destroy();
            }
        }
    }
}
