package org.tpusim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Continuous (iteration-level) batching, prefill first, as Orca and vLLM schedule by default. At every step
 * boundary: the head of the queue is admitted, in arrival order, while fewer than {@code max_batch} sequences
 * run and the KV cache can reserve the request's final context (history + prompt + output); if any were
 * admitted, they are prefilled together in one pass (padded to their longest prompt and history) while the
 * running sequences wait; otherwise every running sequence takes one decode step, priced at their mean
 * context. A sequence leaves, and frees its reservation, after its last token. When the KV cache is full
 * the queue waits (first come, first served: a later, smaller request does not overtake); nothing is
 * preempted, because reservations are made in full on admission. With a paged KV cache the admission takes
 * the blocks of the prompt (and history) only, beside the blocks the running sequences take in their next
 * step, and the server preempts when they grow past the free blocks ({@link ServingSimulation}).
 */
final class ContinuousBatching implements BatchingPolicy {
    private final Batching settings;

    ContinuousBatching(Batching settings) {
        this.settings = settings;
    }

    @Override
    public Decision next(ServerView s) {
        List<Flight> admitted = new ArrayList<>();
        long free = s.freeKvTokens();
        int room = settings.maxBatch() - s.running().size();
        for (Flight f : s.waiting()) {
            long need = s.admissionKvTokens(f, f.promptTokens());
            if (admitted.size() == room || need > free) {
                break;
            }
            admitted.add(f);
            free -= need;
        }
        if (!admitted.isEmpty()) {
            return new Prefill(admitted, 0);
        }
        List<Flight> running = s.running();
        if (running.isEmpty()) {
            return new Idle();
        }
        double sum = 0;
        for (Flight f : running) {
            sum += f.contextTokens();
        }
        return new Decode(running, running.size(), sum / running.size());
    }
}
