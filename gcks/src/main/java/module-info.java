/**
 * The {@code gkm} command line ({@code simulate}, {@code selftest}, {@code serve}), the GCKS's
 * network transport ({@code org.gkm.gcks.net}: frames, the server, the member connection), the GCKS
 * server ({@code org.gkm.gcks.server}: registration over GKMP, rekey delivery, resync, metrics) and
 * the member agent ({@code org.gkm.gcks.member}). It exports nothing; picocli and Jackson read and
 * set the commands' and configuration's fields reflectively.
 */
module org.gkm.gcks {
    requires org.gkm.rekey;
    requires org.gkm.gkmp;
    requires org.gkm.store.sqlite;
    requires org.gkm.simulator;
    requires org.gkm.wire;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;
    requires java.net.http;

    uses org.gkm.gcks.server.ReplicaHosting.Factory;

    opens org.gkm.gcks.cli to info.picocli, com.fasterxml.jackson.databind;
    opens org.gkm.gcks.server.admin to com.fasterxml.jackson.databind;
}
