package org.tpusim.engine;

/**
 * A run ended because the model's build or one of its event handlers threw. {@link #getCause()} is the original
 * exception; the message names the simulation and the simulated time of the failing event.
 */
public final class SimulationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String simulationName;
    private final double timeNs;

    SimulationFailedException(String simulationName, double timeNs, String phase, Throwable cause) {
        super("simulation '" + simulationName + "' failed " + phase + " at t=" + timeNs + " ns: " + cause, cause);
        this.simulationName = simulationName;
        this.timeNs = timeNs;
    }

    /** The name the run was started with. */
    public String simulationName() {
        return simulationName;
    }

    /** Simulated time at which the build or the event handler failed, in ns. */
    public double timeNs() {
        return timeNs;
    }
}
