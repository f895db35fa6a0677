package org.gkm.rekey.message;

/**
 * Names one key of the key tree: the node id (children of node i are d*i+1 .. d*i+d, DESIGN.md
 * "Key tree layout") and the generation of that node's key, which rises every time the node is
 * rekeyed. RFC 4046 sec. 5.8's "key identifier" of an entry and of its encrypting key.
 * Both fields are non-negative (encoded as 32-bit fields with the top bit clear).
 */
public record KeyRef(int nodeId, int generation) {
    public KeyRef {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + nodeId);
        }
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0, got " + generation);
        }
    }
}
