package org.gkm.gcks.cli;

import java.util.concurrent.Callable;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SelfTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gkm selftest}: which provider {@code auto} picks and why, and every provider's known-answer checks. */
@Command(name = "selftest", description = "Provider selection, library versions, CPU features and known-answer checks.")
final class SelfTestCommand implements Callable<Integer> {
    @Option(names = "--provider", defaultValue = "${sys:gkm.crypto.provider:-auto}",
            description = "auto | openssl | java (default: ${DEFAULT-VALUE})")
    String provider;

    @Override
    public Integer call() {
        return SelfTest.run(System.out, provider == null ? CryptoProviders.AUTO : provider);
    }
}
