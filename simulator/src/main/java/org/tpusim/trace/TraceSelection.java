package org.tpusim.trace;

import com.google.common.base.Preconditions;
import java.util.BitSet;

/**
 * What a trace records: which chips, which passes of a batch run, and at most how many events.
 *
 * <p>Text forms (the {@code run --trace-chips} and {@code --trace-steps} flags): chips are a list of ids and
 * ranges, {@code 0-3,8,12-15}; passes are {@code prefill}, {@code decode:N} or {@code decode:A-B} (decode
 * steps count from 1), {@code decode} (every step) or {@code all}, comma-separated. Workloads without passes
 * (transfer, collective) are recorded whole.
 *
 * @param chips     chip ids to record
 * @param prefill   record the prefill pass
 * @param decode    decode steps to record (bit n: step n, from 1)
 * @param allDecode record every decode step
 * @param maxEvents events kept at most; later ones are counted as dropped
 */
public record TraceSelection(BitSet chips, boolean prefill, BitSet decode, boolean allDecode, int maxEvents) {
    /** Default cap on recorded events: about 100 MB of JSON. */
    public static final int DEFAULT_MAX_EVENTS = 1_000_000;

    public TraceSelection {
        Preconditions.checkArgument(maxEvents > 0, "max events must be positive: %s", maxEvents);
        chips = (BitSet) chips.clone();
        decode = (BitSet) decode.clone();
    }

    /** Parses the flag texts; throws IllegalArgumentException naming what was expected. */
    public static TraceSelection parse(String chipList, String passList, int maxEvents) {
        BitSet chips = new BitSet();
        for (String part : chipList.split(",")) {
            int[] range = range(part.trim(), "chip", 0);
            chips.set(range[0], range[1] + 1);
        }
        boolean prefill = false;
        boolean allDecode = false;
        BitSet decode = new BitSet();
        for (String raw : passList.split(",")) {
            String part = raw.trim();
            if (part.equals("prefill")) {
                prefill = true;
            } else if (part.equals("decode")) {
                allDecode = true;
            } else if (part.equals("all")) {
                prefill = true;
                allDecode = true;
            } else if (part.startsWith("decode:")) {
                int[] range = range(part.substring("decode:".length()), "decode step", 1);
                decode.set(range[0], range[1] + 1);
            } else {
                throw new IllegalArgumentException("trace steps: '" + part
                        + "' (expected prefill, decode, decode:N, decode:A-B or all, comma-separated)");
            }
        }
        return new TraceSelection(chips, prefill, decode, allDecode, maxEvents);
    }

    private static int[] range(String text, String what, int min) {
        String[] ends = text.split("-", -1);
        try {
            if (ends.length == 1 || ends.length == 2) {
                int lo = Integer.parseInt(ends[0].trim());
                int hi = Integer.parseInt(ends[ends.length - 1].trim());
                if (lo >= min && hi >= lo) {
                    return new int[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("trace " + what + "s: '" + text + "' (expected N or A-B with "
                + min + " <= A <= B)");
    }

    public boolean recordsChip(int chip) {
        return chips.get(chip);
    }

    /** Whether the pass {@code phase} ("prefill" or "decode") with decode step {@code step} is recorded. */
    public boolean recordsPass(String phase, long step) {
        if (phase.equals("prefill")) {
            return prefill;
        }
        return allDecode || (step > 0 && step <= Integer.MAX_VALUE && decode.get((int) step));
    }
}
