package org.tpusim.engine;

/** Builds a model: called once before the run with the scheduler; schedules the initial events. */
@FunctionalInterface
public interface Model {

    /** Creates the model's state and schedules its initial events on scheduler (whose time is 0 here). */
    void build(Scheduler scheduler);
}
