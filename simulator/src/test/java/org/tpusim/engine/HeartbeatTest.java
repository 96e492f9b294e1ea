package org.tpusim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    /** A chain of events, each scheduling the next 1 ns later. */
    private static Model chain(int events) {
        return scheduler -> scheduler.after(1, new Runnable() {
            int left = events - 1;

            @Override
            public void run() {
                if (left-- > 0) {
                    scheduler.after(1, this);
                }
            }
        });
    }

    @Test
    void theListenerHearsTheEngineEventsAndTheRunnersWorkAtMostEveryInterval() throws Exception {
        List<long[]> heard = new ArrayList<>();
        try (AutoCloseable ignored = Heartbeat.install((events, done, total, unit) ->
                heard.add(new long[] {events, done, total}))) {
            Thread.sleep(Heartbeat.MIN_INTERVAL_MS + 20);
            Heartbeat.work(3, 10, "pass");
            assertEquals(1, heard.size());
            assertEquals(List.of(0L, 3L, 10L), List.of(heard.get(0)[0], heard.get(0)[1], heard.get(0)[2]));
            Heartbeat.work(4, 10, "pass");
            assertEquals(1, heard.size(), "not again within the interval");
            Thread.sleep(Heartbeat.MIN_INTERVAL_MS + 20);
            Engine.run("beat", chain(Heartbeat.TICK_EVENTS + 10));
            assertEquals(2, heard.size());
            assertEquals(Heartbeat.TICK_EVENTS, heard.get(1)[0], "the first tick carries the events so far");
            assertEquals(4, heard.get(1)[1]);
        }
        Thread.sleep(Heartbeat.MIN_INTERVAL_MS + 20);
        Heartbeat.work(5, 10, "pass");
        assertEquals(2, heard.size(), "nothing is heard once the listener is closed");
        assertTrue(heard.stream().allMatch(h -> h[2] == 10));
    }
}
