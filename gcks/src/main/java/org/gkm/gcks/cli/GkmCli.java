package org.gkm.gcks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./gkm}: the command line of gkm. Subcommands: {@code simulate} (the group simulation, the
 * main job), {@code selftest} (provider selection and known-answer checks), {@code serve} (the GCKS), {@code admin}
 * (the owner's commands against a running GCKS) and {@code member} (a member agent). Exit status 0 means
 * the command's own checks passed.
 */
@Command(
        name = "gkm",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Group key management core: key tree rekeying (LKH) over OpenSSL or pure Java.",
        subcommands = {SimulateCommand.class, SelfTestCommand.class, ServeCommand.class, AdminCommand.class, MemberCommand.class,
                CommandLine.HelpCommand.class})
public final class GkmCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (tests use it to run subcommands in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new GkmCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
