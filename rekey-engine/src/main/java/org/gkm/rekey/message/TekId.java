package org.gkm.rekey.message;

/**
 * Identifies a TEK (claim 7): the version rises when a fresh random TEK replaces the old one
 * (leave, scheduled change), the revision when the TEK is refreshed by the one-way function (join,
 * claim 16). Both non-negative. Ordered by version, then revision.
 */
public record TekId(int version, int revision) implements Comparable<TekId> {
    public TekId {
        if (version < 0) {
            throw new IllegalArgumentException("TEK version must be >= 0, got " + version);
        }
        if (revision < 0) {
            throw new IllegalArgumentException("TEK revision must be >= 0, got " + revision);
        }
    }

    @Override
    public int compareTo(TekId o) {
        int c = Integer.compare(version, o.version);
        return c != 0 ? c : Integer.compare(revision, o.revision);
    }
}
