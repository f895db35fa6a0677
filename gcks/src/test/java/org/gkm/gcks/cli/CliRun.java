package org.gkm.gcks.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code gkm} command line: its exit status and what it printed on
 * standard output and standard error.
 */
record CliRun(int status, String out, String err) {
    /** Runs {@code gkm args...} in this JVM. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GkmCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(cl.execute(args), out.toString(), err.toString());
    }

    /** Runs {@code gkm command args...} in this JVM (a command and the arguments a caller collected). */
    static CliRun of(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return of(all);
    }
}
