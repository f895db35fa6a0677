/**
 * The {@code gkm} command line ({@code simulate}, {@code selftest}); later the runnable GCKS. It
 * exports nothing; picocli reads and sets the commands' annotated fields reflectively.
 */
module org.gkm.gcks {
    requires org.gkm.rekey;
    requires info.picocli;

    opens org.gkm.gcks.cli to info.picocli;
}
