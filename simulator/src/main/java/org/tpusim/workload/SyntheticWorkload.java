package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded synthetic request stream ({@code workload.synthetic}): {@code requests} requests, the first at
 * time 0, then gaps from {@code arrivals}; input, output and cached lengths drawn independently. Arrivals
 * and lengths use separate streams split from one {@link SplittableRandom}(seed), so changing a length
 * distribution does not move the arrival times. Same seed, same requests, on any JVM. With shared prefixes a
 * request's prompt is its prefix followed by its drawn prompt.
 */
public record SyntheticWorkload(int requests, ArrivalProcess arrivals, LengthDistribution inputTokens,
                                LengthDistribution outputTokens, LengthDistribution cachedTokens, long seed,
                                SharedPrefixes prefixes) {
    /**
     * Common system prompts ({@code synthetic.prefixes}): a share of the requests start with one of
     * {@code count} prompts of {@code tokens} tokens each (picked uniformly), before their own drawn prompt.
     */
    public record SharedPrefixes(double share, int count, long tokens) {
        public SharedPrefixes {
            checkArgument(share >= 0 && share <= 1, "share must be 0 to 1, got %s", share);
            checkArgument(count >= 1, "count must be >= 1, got %s", count);
            checkArgument(tokens >= 1, "tokens must be >= 1, got %s", tokens);
        }
    }

    /** Without shared prefixes. */
    public SyntheticWorkload(int requests, ArrivalProcess arrivals, LengthDistribution inputTokens,
                             LengthDistribution outputTokens, LengthDistribution cachedTokens, long seed) {
        this(requests, arrivals, inputTokens, outputTokens, cachedTokens, seed, null);
    }

    public SyntheticWorkload {
        checkArgument(requests >= 1, "requests must be >= 1, got %s", requests);
        Objects.requireNonNull(arrivals, "arrivals");
        checkArgument(inputTokens.min() >= 1, "input lengths must be >= 1");
        checkArgument(outputTokens.min() >= 1, "output lengths must be >= 1");
        Objects.requireNonNull(cachedTokens, "cachedTokens");
    }

    public GenerationTrace generate() {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom arrivalStream = root.split();
        SplittableRandom inputStream = root.split();
        SplittableRandom outputStream = root.split();
        SplittableRandom cachedStream = root.split();
        // split after the others, so a stream without prefixes is the same with or without this block
        SplittableRandom prefixStream = root.split();
        List<Request> out = new ArrayList<>(requests);
        double t = 0;
        for (int i = 0; i < requests; i++) {
            if (i > 0) {
                t += arrivals.nextGapS(arrivalStream);
            }
            long input = inputTokens.next(inputStream);
            long cached = cachedTokens.next(cachedStream);
            long output = outputTokens.next(outputStream);
            if (prefixes != null && prefixStream.nextDouble() < prefixes.share()) {
                int id = prefixStream.nextInt(prefixes.count());
                out.add(new Request(i, 0, t * 1e9, prefixes.tokens() + input, cached, output, id, prefixes.tokens()));
            } else {
                out.add(new Request(i, 0, t * 1e9, input, cached, output));
            }
        }
        return new GenerationTrace("synthetic", "synthetic", out, List.of());
    }
}
