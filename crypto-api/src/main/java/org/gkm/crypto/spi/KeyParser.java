package org.gkm.crypto.spi;

import org.gkm.crypto.InvalidKeyException;

/**
 * Makes a provider's parsed form of a key from its canonical encoding (see {@link KeyMaterial}).
 * It must not keep {@code encoded}; a form that holds secret bytes holds its own copy and erases it
 * in {@link ParsedKey#destroy()}.
 */
@FunctionalInterface
public interface KeyParser<T extends ParsedKey> {

    T parse(byte[] encoded) throws InvalidKeyException;
}
