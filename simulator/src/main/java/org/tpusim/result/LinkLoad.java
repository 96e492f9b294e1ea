package org.tpusim.result;

/**
 * Load of one direction of one link over a run.
 *
 * @param link        the link, e.g. "0->1 +x"
 * @param axis        x, y or z
 * @param bytes       bytes it carried
 * @param busyS       time it spent sending, s
 * @param utilisation busyS / simulated duration of the workload
 */
public record LinkLoad(String link, String axis, long bytes, double busyS, double utilisation) {
}
