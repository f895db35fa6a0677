package org.gkm.gcks.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn with carriage returns, shown only when stdout is a terminal (so
 * pipes, files and {@code --json} output stay clean). Redraws at most every 100 ms.
 */
final class ProgressBar {
    private static final int WIDTH = 40;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on stdout, enabled only when {@code wanted} and stdout is an interactive terminal. */
    @SuppressWarnings("SystemConsoleNull") // isTerminal() decides; the null check covers a JVM without a console
    static ProgressBar forStdout(boolean wanted) {
        Console c = System.console();
        return new ProgressBar(System.out, wanted && c != null && c.isTerminal());
    }

    void update(int done, int total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && done < total && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print("\r" + render(done, total));
        out.flush();
    }

    void finish() {
        if (enabled && drawn) {
            out.println();
        }
    }

    static String render(int done, int total) {
        double f = total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (double) done / total));
        int fill = (int) Math.round(f * WIDTH);
        return "[" + "#".repeat(fill) + " ".repeat(WIDTH - fill) + "] "
                + String.format(Locale.ROOT, "%3d%% %d/%d events", Math.round(f * 100), done, total);
    }
}
