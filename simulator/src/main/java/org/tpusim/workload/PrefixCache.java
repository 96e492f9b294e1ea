package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cached KV blocks of shared prompt prefixes (vLLM's automatic prefix caching, by whole blocks), in a pool of
 * {@code capacityBlocks} set apart from the sequences' blocks. An entry holds the whole blocks of one prefix
 * (floor(prefix / block) blocks). A request whose prefix is cached reads those positions instead of prefilling
 * them (at most all but its prompt's last token, which must be computed to emit a token); the entry is pinned
 * while such a request holds it. A request whose prefix is not cached prefills it, and when its prompt is done
 * the prefix's blocks are stored, evicting the least recently used unpinned entries; if pinned entries leave no
 * room, nothing is stored. Recency is that of the last look-up (the server looks up the requests at the head of
 * the queue before each decision) or store.
 */
final class PrefixCache {
    private final long capacityBlocks;
    private final int blockTokens;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBlocks;
    long lookups;
    long hits;
    long tokensSaved;
    long evictions;

    private static final class Entry {
        final long blocks;
        int pins;

        Entry(long blocks) {
            this.blocks = blocks;
        }
    }

    PrefixCache(long capacityBlocks, int blockTokens) {
        checkArgument(capacityBlocks >= 1 && blockTokens >= 1, "capacity and block size must be positive");
        this.capacityBlocks = capacityBlocks;
        this.blockTokens = blockTokens;
    }

    /** Whether the request can use the cache: a prefix, and no history before it (its KV would differ). */
    static boolean eligible(Request r) {
        return r.prefixId() >= 0 && r.cachedTokens() == 0;
    }

    /** Positions of {@code r}'s prompt the cache holds now (0 for a miss); a look-up counts as a use (LRU). */
    long peek(Request r) {
        if (!eligible(r)) {
            return 0;
        }
        Entry e = entries.get(r.prefixId());
        if (e == null) {
            return 0;
        }
        return Math.min(e.blocks * blockTokens, (r.inputTokens() - 1) / blockTokens * blockTokens);
    }

    /** A request enters service: counts the lookup; on a hit pins the entry and returns the positions saved. */
    long admit(Request r) {
        if (!eligible(r)) {
            return 0;
        }
        lookups++;
        long hit = peek(r);
        if (hit > 0) {
            hits++;
            tokensSaved += hit;
            entries.get(r.prefixId()).pins++;
        }
        return hit;
    }

    /** An admission undone (the request went back to the queue before its pass): its look-up is not counted. */
    void unadmit(Request r, long hit) {
        if (!eligible(r)) {
            return;
        }
        lookups--;
        if (hit > 0) {
            hits--;
            tokensSaved -= hit;
            release(r);
        }
    }

    /** A request that pinned its prefix's entry leaves it (completed or preempted). */
    void release(Request r) {
        Entry e = entries.get(r.prefixId());
        checkState(e != null && e.pins > 0, "release of an unpinned prefix %s", r.prefixId());
        e.pins--;
    }

    /** A request has prefilled its prompt: store its prefix's whole blocks if absent and there is room. */
    void store(Request r) {
        if (!eligible(r) || entries.containsKey(r.prefixId())) {
            return;
        }
        long blocks = r.prefixTokens() / blockTokens;
        if (blocks == 0 || blocks > capacityBlocks) {
            return;
        }
        var it = entries.entrySet().iterator();
        while (usedBlocks + blocks > capacityBlocks && it.hasNext()) {
            Map.Entry<Integer, Entry> lru = it.next();
            if (lru.getValue().pins == 0) {
                usedBlocks -= lru.getValue().blocks;
                it.remove();
                evictions++;
            }
        }
        if (usedBlocks + blocks <= capacityBlocks) {
            entries.put(r.prefixId(), new Entry(blocks));
            usedBlocks += blocks;
        }
    }

    long capacityBlocks() {
        return capacityBlocks;
    }
}
