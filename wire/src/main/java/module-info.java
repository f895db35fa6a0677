/**
 * The strict binary codec layer (length-prefixed, big-endian, limits checked before allocation) that
 * the rekey message, GKMP and the GCKS frames share.
 */
module org.gkm.wire {
    exports org.gkm.wire;
}
