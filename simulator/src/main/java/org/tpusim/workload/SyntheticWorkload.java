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
 * distribution does not move the arrival times. Same seed, same requests, on any JVM.
 */
public record SyntheticWorkload(int requests, ArrivalProcess arrivals, LengthDistribution inputTokens,
                                LengthDistribution outputTokens, LengthDistribution cachedTokens, long seed) {
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
        List<Request> out = new ArrayList<>(requests);
        double t = 0;
        for (int i = 0; i < requests; i++) {
            if (i > 0) {
                t += arrivals.nextGapS(arrivalStream);
            }
            out.add(new Request(i, 0, t * 1e9, inputTokens.next(inputStream), cachedTokens.next(cachedStream),
                    outputTokens.next(outputStream)));
        }
        return new GenerationTrace("synthetic", "synthetic", out, List.of());
    }
}
