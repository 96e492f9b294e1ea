package org.tpusim.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Looks at the JVM's live threads, to check that runs leave none of DSOL's worker threads behind. */
final class EngineThreads {

    private EngineThreads() {}

    /** Names of live DSOL worker threads: DSOL names each after its simulator id, which the engine prefixes "tpusim-". */
    static List<String> dsolWorkersAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("tpusim-"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Live non-daemon threads, the ones that would keep the JVM from exiting. */
    static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon())
                .collect(Collectors.toSet());
    }
}
