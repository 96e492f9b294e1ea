package org.tpusim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Static batching (the paper's benchmark setting). When no batch is in progress: if {@code max_batch}
 * requests wait, or the oldest has waited {@code max_wait_ms}, the head of the queue (up to
 * {@code max_batch}, as many as the KV cache holds) forms a batch; otherwise the server waits for the
 * deadline or another arrival. The batch is prefilled in one pass padded to its longest prompt and history,
 * then decoded step by step until its longest request is done; every step runs the whole batch (finished
 * requests' slots are wasted) at context longest history + longest prompt + steps so far. KV: every member
 * reserves the padded context (longest history + longest prompt + longest output) for the batch's life.
 */
final class StaticBatching implements BatchingPolicy {
    private final Batching settings;
    private List<Flight> batch = List.of();
    private long paddedPrompt;

    StaticBatching(Batching settings) {
        this.settings = settings;
    }

    @Override
    public Decision next(ServerView s) {
        if (!batch.isEmpty()) {
            long steps = 0;
            boolean anyLeft = false;
            for (Flight f : batch) {
                steps = Math.max(steps, f.generated);
                anyLeft |= !f.done();
            }
            if (anyLeft) {
                return new Decode(batch, batch.size(), paddedPrompt + steps);
            }
            batch = List.of();
        }
        List<Flight> q = s.waiting();
        if (q.isEmpty()) {
            return new Idle();
        }
        double deadline = q.get(0).request.arrivalNs() + settings.maxWaitNs();
        if (q.size() < settings.maxBatch() && s.nowNs() < deadline) {
            return new WaitUntil(deadline);
        }
        List<Flight> members = new ArrayList<>();
        long maxCached = 0, maxInput = 0, maxOutput = 0;
        for (Flight f : q) {
            if (members.size() == settings.maxBatch()) {
                break;
            }
            long c = Math.max(maxCached, f.request.cachedTokens());
            long i = Math.max(maxInput, f.request.inputTokens());
            long o = Math.max(maxOutput, f.request.outputTokens());
            if ((members.size() + 1) * s.kvPositions(c + i + o) > s.freeKvTokens()) {
                break;
            }
            members.add(f);
            maxCached = c;
            maxInput = i;
            maxOutput = o;
        }
        if (members.isEmpty()) {
            return new Idle();
        }
        batch = List.copyOf(members);
        paddedPrompt = maxCached + maxInput;
        return new Prefill(batch, s.kvPositions(maxCached + maxInput + maxOutput));
    }
}
