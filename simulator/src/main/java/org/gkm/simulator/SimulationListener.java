package org.gkm.simulator;

/** Progress callback of {@link GroupSimulation#run}; called from the simulating thread. */
@FunctionalInterface
public interface SimulationListener {
    /** {@code eventsDone} of {@code eventsTotal} membership events have been played. */
    void progress(int eventsDone, int eventsTotal);

    /** A listener that ignores progress. */
    static SimulationListener none() {
        return (done, total) -> { };
    }
}
