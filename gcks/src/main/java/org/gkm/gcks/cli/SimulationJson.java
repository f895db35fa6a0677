package org.gkm.gcks.cli;

import java.util.Locale;
import org.gkm.simulator.SimulationReport;

/** The {@code --json} summary of {@code gkm simulate}: one line, one object, stable key names. */
final class SimulationJson {
    private SimulationJson() {}

    static String toJson(SimulationReport r) {
        StringBuilder b = new StringBuilder(512).append('{');
        str(b, "provider", r.provider());
        str(b, "tree", r.tree());
        num(b, "members", r.members());
        num(b, "degree", r.degree());
        num(b, "events", r.events());
        num(b, "rekeys", r.rekeys());
        num(b, "tek_changes", r.tekChanges());
        num(b, "member_rekeys", r.memberRekeys());
        num(b, "wraps", r.wraps());
        num(b, "hpke_ops", r.hpkeOps());
        num(b, "multicast_bytes", r.multicastBytes());
        dbl(b, "rekeys_per_s", r.rekeysPerSecond());
        dbl(b, "ns_per_wrap", r.nsPerWrap());
        dbl(b, "tree_bytes_per_member", r.treeBytesPerMember());
        num(b, "verified_members", r.verifiedMembers());
        num(b, "forward_violations", r.forwardViolations());
        num(b, "backward_violations", r.backwardViolations());
        b.append("\"converged\":").append(r.converged()).append(',');
        dbl(b, "elapsed_s", r.elapsedSeconds());
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void str(StringBuilder b, String k, String v) {
        b.append('"').append(k).append("\":\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append("\",");
    }

    private static void num(StringBuilder b, String k, long v) {
        b.append('"').append(k).append("\":").append(v).append(',');
    }

    private static void dbl(StringBuilder b, String k, double v) {
        // JSON has no NaN/Infinity: report them as null rather than emitting invalid JSON.
        b.append('"').append(k).append("\":");
        if (Double.isFinite(v)) {
            b.append(String.format(Locale.ROOT, "%.3f", v));
        } else {
            b.append("null");
        }
        b.append(',');
    }
}
