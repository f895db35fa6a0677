/**
 * The rekey engine: the keying material infrastructure as a d-ary key tree, LKH rekey planning, the
 * rekey message and its codec, the member key state, the Data SA and the group store SPI. Its API
 * takes and returns the crypto facade's types, so reading this module reads {@code org.gkm.crypto}.
 * The group simulation and the attacker audits are a module of their own ({@code org.gkm.simulator}).
 */
module org.gkm.rekey {
    requires transitive org.gkm.crypto;
    requires org.gkm.wire;

    exports org.gkm.rekey;
    exports org.gkm.rekey.data;
    exports org.gkm.rekey.delegation;
    exports org.gkm.rekey.message;
    exports org.gkm.rekey.store;
}
