package org.gkm.gcks.cli;

import java.util.concurrent.Callable;
import org.gkm.crypto.SelfTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gkm selftest}: which provider {@code auto} picks and why, and every provider's known-answer checks. */
@Command(name = "selftest", mixinStandardHelpOptions = true, description = "Provider selection, library versions, CPU features and known-answer checks.")
final class SelfTestCommand implements Callable<Integer> {
    @Option(names = "--provider",
            description = "auto | openssl | java (default: the system property gkm.crypto.provider if set, else auto)")
    String provider;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ProviderChoice choice;
        try {
            choice = ProviderChoice.of(provider);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return SelfTest.run(System.out, choice.mode());
    }
}
