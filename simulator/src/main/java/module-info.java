/**
 * The group simulation behind {@code gkm simulate} and the attacker audits it runs (the coalition of
 * departed members, joiners against earlier messages). Built on the rekey engine's public API only;
 * a module of its own so that the library's jar carries no simulator or attacker code.
 */
module org.gkm.simulator {
    requires transitive org.gkm.rekey;

    exports org.gkm.simulator;
    exports org.gkm.simulator.audit;
}
