package org.gkm.gcks.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.rekey.GroupPolicy;
import org.gkm.simulator.GroupSimulation;
import org.gkm.simulator.Initiator;
import org.gkm.simulator.SimulationConfig;
import org.gkm.simulator.SimulationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gkm simulate}: builds a group in-process, plays membership events through the rekey engine
 * and the real message codec, verifies convergence and forward/backward access control, and prints
 * a summary (with {@code --json}: one JSON object as the last line of stdout). Exit status 0 only
 * when every verified member converged and no access-control violation was found.
 */
@Command(name = "simulate", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Simulate a group: build it, play membership events, verify every member's keys.")
final class SimulateCommand implements Callable<Integer> {
    /** Up to this many members every member keeps full state; beyond it a random sample does. */
    static final int FULL_VERIFY_LIMIT = 100_000;
    static final int SAMPLE_SIZE = 10_000;

    @Option(names = "--members", defaultValue = "10000", description = "initial group size N (default: ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--events", defaultValue = "2000", description = "membership events E (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--mix", defaultValue = "1:1", converter = Mix.Converter.class,
            description = "join:leave weights (default: ${DEFAULT-VALUE})")
    Mix mix;

    @Option(names = "--batch", defaultValue = "16", description = "events per rekey B; 1 = one rekey per event (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--degree", defaultValue = "4", description = "tree degree d (default: ${DEFAULT-VALUE})")
    int degree;

    @Option(names = "--tree", defaultValue = "symmetric", converter = TreeConverter.class,
            description = "symmetric | hybrid: symmetric-only or with node key pairs (default: ${DEFAULT-VALUE})")
    GroupPolicy.TreeMode tree;

    @Option(names = "--initiator", defaultValue = "owner", converter = InitiatorConverter.class,
            description = {"owner | member | mixed: who initiates joins and leaves (default: ${DEFAULT-VALUE}).",
                "With --batch > 1 the GCKS computes every batch: member = each batch requested by a privileged member;"
                        + " mixed = each event drawn owner or member, the owner's batched, the member-initiated ones"
                        + " run singly (computed and signed by the member) between the batches."})
    Initiator initiator;

    @Option(names = "--provider",
            description = "auto | openssl | java (default: the system property gkm.crypto.provider if set, else auto)")
    String provider;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the event sequence (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the summary as one JSON object (last line of stdout)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Checked checked = validate();
        ProviderChoice choice = checked.provider();
        SimulationConfig config = checked.config();
        CryptoProviders.Selection selection = CryptoProviders.select(choice.mode());
        CryptoProvider p = selection.provider();
        PrintStream out = System.out;
        if (!json) {
            out.printf("gkm simulate: %d members, %d events (join:leave %d:%d), batch %d, d=%d, %s tree, %s initiator, seed %d%n",
                    members, events, mix.join(), mix.leave(), batch, degree, treeName(tree),
                    initiator.name().toLowerCase(Locale.ROOT), seed);
            out.println("provider: " + p.name() + " (" + choice.describe() + "; " + selection.reason() + ")");
        }
        ProgressBar bar = ProgressBar.forStdout(!json);
        SimulationReport r;
        try {
            r = GroupSimulation.run(p, config, bar::update);
        } finally {
            bar.finish();
        }
        boolean ok = r.converged() && r.forwardViolations() == 0 && r.backwardViolations() == 0;
        if (json) {
            out.println(SimulationJson.toJson(r));
        } else {
            printSummary(out, r, ok);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** The options once checked: the provider choice and the simulation they describe. */
    private record Checked(ProviderChoice provider, SimulationConfig config) {}

    /**
     * Checks the options, each alone and together. A bad value or combination is a picocli
     * {@link CommandLine.ParameterException}: one line saying what is wrong, the usage, exit status
     * 2, no stack trace. The provider is the one {@link ProviderChoice} picks (--provider, else the
     * property, else auto).
     */
    private Checked validate() {
        String problem = problem();
        if (problem == null) {
            try {
                ProviderChoice choice = ProviderChoice.of(provider);
                int sample = members <= FULL_VERIFY_LIMIT ? members : SAMPLE_SIZE;
                return new Checked(choice, new SimulationConfig(members, events, mix.join(), mix.leave(), batch,
                        degree, tree, initiator, seed, sample));
            } catch (IllegalArgumentException e) {
                // a bad provider name, or a rule of SimulationConfig that problem() does not name
                problem = e.getMessage();
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), problem);
    }

    /** What is wrong with the options in the CLI's own words, or null. */
    private String problem() {
        if (members < 1) {
            return "--members must be >= 1";
        }
        if (events < 0) {
            return "--events must be >= 0";
        }
        if (batch < 1) {
            return "--batch must be >= 1";
        }
        if (degree < GroupPolicy.MIN_DEGREE || degree > GroupPolicy.MAX_DEGREE) {
            return "--degree must be in " + GroupPolicy.MIN_DEGREE + ".." + GroupPolicy.MAX_DEGREE;
        }
        if (initiator != Initiator.OWNER && tree != GroupPolicy.TreeMode.HYBRID) {
            return "--initiator " + initiator.name().toLowerCase(Locale.ROOT)
                    + " needs --tree hybrid (member-initiated operations use the members' public keys)";
        }
        return null;
    }

    private static void printSummary(PrintStream out, SimulationReport r, boolean ok) {
        out.printf(Locale.ROOT, "%n%-26s %s%n", "result", ok ? "OK: converged, no access-control violation" : "FAILED");
        row(out, "provider", r.provider());
        row(out, "tree", r.tree() + ", d=" + r.degree());
        row(out, "members (end)", Integer.toString(r.members()));
        row(out, "events / rekeys", r.events() + " / " + r.rekeys() + " (" + r.tekChanges() + " scheduled TEK changes, "
                + r.memberRekeys() + " member-initiated)");
        row(out, "wraps", Long.toString(r.wraps()));
        row(out, "HPKE operations", Long.toString(r.hpkeOps()));
        row(out, "multicast bytes", r.multicastBytes() + String.format(Locale.ROOT, " (%.1f per rekey)",
                r.rekeys() == 0 ? 0.0 : (double) r.multicastBytes() / r.rekeys()));
        row(out, "rekeys/s", String.format(Locale.ROOT, "%.1f", r.rekeysPerSecond()));
        row(out, "ns per wrap", String.format(Locale.ROOT, "%.1f", r.nsPerWrap()));
        row(out, "tree bytes per member", String.format(Locale.ROOT, "%.1f", r.treeBytesPerMember()));
        row(out, "verified members", Integer.toString(r.verifiedMembers()));
        row(out, "converged", Boolean.toString(r.converged()));
        row(out, "forward violations", Long.toString(r.forwardViolations()));
        row(out, "backward violations", Long.toString(r.backwardViolations()));
        row(out, "elapsed", String.format(Locale.ROOT, "%.2f s", r.elapsedSeconds()));
    }

    private static void row(PrintStream out, String k, String v) {
        out.printf(Locale.ROOT, "%-26s %s%n", k, v);
    }

    static String treeName(GroupPolicy.TreeMode t) {
        return t == GroupPolicy.TreeMode.HYBRID ? "hybrid" : "symmetric";
    }

    /** {@code --mix join:leave}, both weights >= 0 and not both 0. */
    record Mix(int join, int leave) {
        Mix {
            if (join < 0 || leave < 0 || join + leave == 0) {
                throw new IllegalArgumentException("join:leave weights must be >= 0 and not both 0");
            }
        }

        @Override
        public String toString() {
            return join + ":" + leave;
        }

        static final class Converter implements CommandLine.ITypeConverter<Mix> {
            @Override
            public Mix convert(String value) {
                String[] parts = value.split(":", -1);
                if (parts.length != 2) {
                    throw new CommandLine.TypeConversionException("expected join:leave, e.g. 3:1, got '" + value + "'");
                }
                try {
                    return new Mix(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException("bad --mix '" + value + "': " + e.getMessage());
                }
            }
        }
    }

    static final class TreeConverter implements CommandLine.ITypeConverter<GroupPolicy.TreeMode> {
        @Override
        public GroupPolicy.TreeMode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "symmetric", "symmetric-only", "symmetric_only" -> GroupPolicy.TreeMode.SYMMETRIC_ONLY;
                case "hybrid" -> GroupPolicy.TreeMode.HYBRID;
                default -> throw new CommandLine.TypeConversionException("expected symmetric or hybrid, got '" + value + "'");
            };
        }
    }

    static final class InitiatorConverter implements CommandLine.ITypeConverter<Initiator> {
        @Override
        public Initiator convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "owner" -> Initiator.OWNER;
                case "member" -> Initiator.MEMBER;
                case "mixed" -> Initiator.MIXED;
                default -> throw new CommandLine.TypeConversionException("expected owner, member or mixed, got '" + value + "'");
            };
        }
    }
}
