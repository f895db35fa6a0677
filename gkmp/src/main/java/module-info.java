/**
 * RFC 2093 GKMP: certificates, permission certificates, CRL, group token, the messages and the
 * controller and member state machines, with no I/O. Its API takes the crypto facade's and the
 * rekey engine's types, so reading this module reads both.
 */
module org.gkm.gkmp {
    requires transitive org.gkm.crypto;
    requires transitive org.gkm.rekey;
    // The codec's public read/write methods take wire readers and writers.
    requires transitive org.gkm.wire;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports org.gkm.gkmp;
    exports org.gkm.gkmp.engine;
    exports org.gkm.gkmp.lkh;
    exports org.gkm.gkmp.log;
    exports org.gkm.gkmp.message;
    exports org.gkm.gkmp.pki;
}
