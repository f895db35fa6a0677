package org.gkm.rekey.sim;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;

/**
 * Plays a whole group in-process: a GCKS with its key tree, member states, membership events
 * through the real rekey messages (codec, MAC, signature), missed messages and resync, and checks
 * convergence plus forward and backward access control after every rekey.
 */
public final class GroupSimulation {
    private GroupSimulation() {
    }

    /** Runs {@code config} on {@code provider}, reporting progress to {@code listener}. */
    public static SimulationReport run(CryptoProvider provider, SimulationConfig config, SimulationListener listener) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        throw new UnsupportedOperationException("TODO: simulation core not written yet");
    }
}
