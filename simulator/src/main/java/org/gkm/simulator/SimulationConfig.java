package org.gkm.simulator;

import java.util.Objects;
import org.gkm.rekey.GroupPolicy;

/**
 * What {@link GroupSimulation} plays: an initial group of {@code members}, then {@code events}
 * membership events (joins and leaves drawn with weights {@code joinWeight : leaveWeight}) applied
 * {@code batch} at a time (1: one rekey per event; more: batch rekeys), with TEK changes interleaved.
 *
 * <p>Invariants: members >= 1, events >= 0, weights >= 0 and not both 0, batch >= 1, degree in
 * 2..64, verifySample >= 0. Member-initiated operations need public keys, so {@code MEMBER} or
 * {@code MIXED} initiators require a {@code HYBRID} tree.
 *
 * @param verifySample how many members keep full member state and are checked after every rekey
 *     (the CLI passes all members up to 10^5, else a 10^4 random sample)
 */
public record SimulationConfig(int members, int events, int joinWeight, int leaveWeight, int batch,
        int degree, GroupPolicy.TreeMode tree, Initiator initiator, long seed, int verifySample) {

    public SimulationConfig {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(initiator, "initiator");
        if (members < 1 || events < 0 || batch < 1 || verifySample < 0) {
            throw new IllegalArgumentException("members >= 1, events >= 0, batch >= 1, verifySample >= 0 required");
        }
        if (joinWeight < 0 || leaveWeight < 0 || joinWeight + leaveWeight == 0) {
            throw new IllegalArgumentException("join:leave weights must be >= 0 and not both 0");
        }
        if (degree < GroupPolicy.MIN_DEGREE || degree > GroupPolicy.MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be in 2..64: " + degree);
        }
        if (initiator != Initiator.OWNER && tree != GroupPolicy.TreeMode.HYBRID) {
            throw new IllegalArgumentException("member-initiated operations need a hybrid tree (public keys)");
        }
    }
}
