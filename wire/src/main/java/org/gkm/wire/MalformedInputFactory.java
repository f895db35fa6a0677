package org.gkm.wire;

/**
 * Makes the checked exception a {@link WireReader} throws, so each protocol reports malformed input
 * with its own typed error (the rekey engine's and GKMP's sealed error roots) while both share one
 * reader and one set of rules.
 *
 * @param <E> the protocol's exception for malformed input
 */
@FunctionalInterface
public interface MalformedInputFactory<E extends Exception> {
    /**
     * Returns (does not throw) the exception for one malformed field.
     *
     * @param message what failed: the field, its offset from the start of the read range, and the limit
     * @return the exception the reader throws
     */
    E malformed(String message);
}
