/**
 * The rekey engine: the keying material infrastructure as a d-ary key tree, LKH rekey planning, the
 * rekey message and its codec, the member key state, the Data SA, the access-control audits and the
 * group simulation core. Its API takes and returns the crypto facade's types, so reading this
 * module reads {@code org.gkm.crypto}.
 */
module org.gkm.rekey {
    requires transitive org.gkm.crypto;
    requires org.gkm.wire;

    exports org.gkm.rekey;
    exports org.gkm.rekey.audit;
    exports org.gkm.rekey.data;
    exports org.gkm.rekey.message;
    exports org.gkm.rekey.sim;
    exports org.gkm.rekey.store;
}
