package org.gkm.gcks.cli;

/** Entry point of {@code ./gkm}; the subcommands come with the rekey engine. */
public final class GkmCli {
    private GkmCli() {}

    public static void main(String[] args) {
        System.err.println("gkm: no commands yet");
        System.exit(2);
    }
}
