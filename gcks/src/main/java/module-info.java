/**
 * The {@code gkm} command line ({@code simulate}, {@code selftest}) and the GCKS's network transport
 * ({@code org.gkm.gcks.net}: frames, the server, the member connection). It exports nothing;
 * picocli reads and sets the commands' annotated fields reflectively.
 */
module org.gkm.gcks {
    requires org.gkm.rekey;
    requires org.gkm.simulator;
    requires org.gkm.wire;
    requires info.picocli;

    opens org.gkm.gcks.cli to info.picocli;
}
