package org.tpusim.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.Workload;

/** The few lines printed per scenario: what ran, the headline figures, where the files are. */
final class ConsoleSummary {
    private ConsoleSummary() {
    }

    static String of(RunResult r, Path folder) {
        ScenarioEcho s = r.scenario();
        StringBuilder b = new StringBuilder();
        b.append(s.name()).append("  (").append(s.file()).append(")\n");
        b.append(String.format(Locale.ROOT, "  system      %s x %d chips, slice %s%n", s.system().chip(),
                s.system().chips(), s.system().topology()));
        if (r.result() instanceof TransferResult t) {
            Workload.Transfer w = (Workload.Transfer) s.workload();
            b.append(String.format(Locale.ROOT, "  workload    transfer of %d B from %s to %s, %d hops, %d chunks%n",
                    t.bytes(), w.from(), w.to(), t.hops(), t.chunks()));
            b.append(String.format(Locale.ROOT, "  simulated   %s  (%.2f GB/s)%n", time(t.simulated().timeS()),
                    t.simulated().bandwidthBytesPerSec() / 1e9));
            b.append(String.format(Locale.ROOT, "  analytical  %s  (%s)%n", time(t.analytical().timeS()),
                    t.analytical().formula()));
            b.append(String.format(Locale.ROOT, "  ratio       %.4f%n", t.ratio()));
        }
        if (r.result() instanceof CollectiveResult c) {
            b.append(String.format(Locale.ROOT, "  workload    %s of %d B per chip over %s: %d groups of %d, %s, %s%n",
                    c.collective(), c.bytesPerChip(), c.axes(), c.groups(), c.groupSize(), c.algorithm(),
                    c.multiAxis()));
            b.append(String.format(Locale.ROOT, "  simulated   %s  (algbw %.2f GB/s, busbw %.2f GB/s)%n",
                    time(c.simulated().timeS()), c.simulated().algorithmicBandwidthBytesPerSec() / 1e9,
                    c.simulated().busBandwidthBytesPerSec() / 1e9));
            b.append(String.format(Locale.ROOT, "  analytical  %s  paper form, bw %.0f GB/s (ratio %.3f)%n",
                    time(c.analytical().timeS()), c.analytical().bandwidthBytesPerSec() / 1e9, c.ratio()));
            b.append(String.format(Locale.ROOT, "              %s  latency-bandwidth form (ratio %.3f)%n",
                    time(c.analytical().latencyBandwidthS()), c.ratioLatencyBandwidth()));
        }
        if (r.result() instanceof BatchResult br) {
            Workload.Batch w = (Workload.Batch) s.workload();
            b.append(String.format(Locale.ROOT, "  model       %s, %s weights; batch %d, %d input + %d cached tokens, %d steps%n",
                    s.model().model().name(), s.model().weights().key(), w.batch(), w.inputTokens(), w.cachedTokens(),
                    w.outputTokens()));
            b.append(String.format(Locale.ROOT, "  layouts     prefill %s/%s, decode %s/%s; overlap %s, %s, detail %s%n",
                    br.layouts().prefillFfn(), br.layouts().prefillAttention(), br.layouts().decodeFfn(),
                    br.layouts().decodeAttention(), br.overlap(), s.multiAxis(), br.detail()));
            b.append(String.format(Locale.ROOT, "              %-12s %-12s %-16s %-12s %s%n", "prefill", "decode",
                    "decode/token", "total", "MFU total"));
            for (String side : new String[] {"simulated", "analytical"}) {
                BatchResult.Figures f = side.equals("simulated") ? br.simulated() : br.analytical();
                b.append(String.format(Locale.ROOT, "  %-11s %-12s %-12s %-16s %-12s %.1f%%%n", side,
                        time(f.prefillS()), time(f.decodeS()), String.format(Locale.ROOT, "%.2f ms", f.decodePerTokenMs()),
                        time(f.totalS()), 100 * f.mfu().total()));
            }
            b.append(String.format(Locale.ROOT, "  ratio       %.3f (simulated / analytical total)%n", br.ratio()));
        }
        if (r.result() instanceof org.tpusim.result.TraceResult t) {
            b.append(String.format(Locale.ROOT, "  serving     %s batching, max batch %d; %d requests (%d bad rows skipped)%n",
                    t.policy(), t.maxBatch(), t.simulated().requests(), t.source().skippedRows()));
            for (String side : new String[] {"simulated", "analytical"}) {
                org.tpusim.result.TraceResult.Figures f = side.equals("simulated") ? t.simulated() : t.analytical();
                b.append(String.format(Locale.ROOT,
                        "  %-11s TTFT p50/p99 %.1f/%.1f ms, TPOT p50 %s ms, e2e p50/p99 %.0f/%.0f ms, %.0f tokens/s, MFU %.1f%%%n",
                        side, f.ttftMs().p50(), f.ttftMs().p99(),
                        f.tpotMs() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", f.tpotMs().p50()),
                        f.e2eMs().p50(), f.e2eMs().p99(), f.throughputTokensPerS(), 100 * f.mfu()));
            }
        }
        org.tpusim.validation.CalibrationRegion.Check calibration =
                org.tpusim.validation.CalibrationRegion.bundled().check(r.scenario());
        if (calibration != null) {
            b.append("  calibration ").append(calibration.summary()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "  run         %d events, %.3f s wall%n", r.run().events(),
                r.run().wallTimeS()));
        b.append("  wrote       ").append(folder.resolve("results.json")).append(", ")
                .append(folder.resolve("report.html")).append('\n');
        return b.toString();
    }

    static String time(double s) {
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.3f us", s * 1e6);
        } else if (s < 1) {
            return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}
