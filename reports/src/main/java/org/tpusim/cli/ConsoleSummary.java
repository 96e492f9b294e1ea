package org.tpusim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tpusim.figure.Figure;
import org.tpusim.figure.Format;
import org.tpusim.keys.Keyed;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.FigureValues;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.Workload;
import org.tpusim.validation.Comparison;

/** The few lines printed per scenario: what ran, the headline figures, where the files are. */
final class ConsoleSummary {
    private ConsoleSummary() {
    }

    static String of(RunResult r, Path folder) {
        ScenarioEcho s = r.scenario();
        StringBuilder b = new StringBuilder();
        b.append(s.name()).append("  (").append(s.file()).append(")\n");
        b.append(String.format(Locale.ROOT, "  system      %s x %d chips, slice %s%n", s.system().chip(),
                s.system().chips(), s.system().topology() + (s.system().twisted() ? " twisted" : "")));
        if (r.result() instanceof TransferResult t) {
            Workload.Transfer w = (Workload.Transfer) s.workload();
            b.append(String.format(Locale.ROOT, "  workload    transfer of %s from %s to %s, %d hops, %d chunks%n",
                    Format.bytes(t.bytes()), w.from(), w.to(), t.hops(), t.chunks()));
            b.append(String.format(Locale.ROOT, "  simulated   %s  (%s)%n", time(t.simulated().timeS()),
                    Format.bandwidth(t.simulated().bandwidthBytesPerSec())));
            b.append(String.format(Locale.ROOT, "  analytical  %s  (%s)%n", time(t.analytical().timeS()),
                    t.analytical().formula()));
            b.append(String.format(Locale.ROOT, "  ratio       %.4f%n", t.ratio()));
            published(b, r);
        }
        if (r.result() instanceof CollectiveResult c) {
            b.append(String.format(Locale.ROOT, "  workload    %s of %s per chip over %s: %d groups of %d, %s, %s%n",
                    c.collective(), Format.bytes(c.bytesPerChip()), c.axes(), c.groups(), c.groupSize(),
                    c.algorithm(), c.multiAxis()));
            b.append(String.format(Locale.ROOT, "  simulated   %s  (algbw %s, busbw %s)%n",
                    time(c.simulated().timeS()), Format.bandwidth(c.simulated().algorithmicBandwidthBytesPerSec()),
                    Format.bandwidth(c.simulated().busBandwidthBytesPerSec())));
            b.append(String.format(Locale.ROOT, "  analytical  %s  paper form, bw %s (ratio %.3f)%n",
                    time(c.analytical().timeS()), Format.bandwidth(c.analytical().bandwidthBytesPerSec()),
                    c.ratio()));
            b.append(String.format(Locale.ROOT, "              %s  latency-bandwidth form (ratio %.3f)%n",
                    time(c.analytical().latencyBandwidthS()), c.ratioLatencyBandwidth()));
            published(b, r);
        }
        if (r.result() instanceof BatchResult br) {
            Workload.Batch w = (Workload.Batch) s.workload();
            b.append(String.format(Locale.ROOT, "  model       %s, %s; batch %d, %d input + %d cached tokens, %d steps%n",
                    s.model().model().name(), formats(s.model()), w.batch(), w.inputTokens(), w.cachedTokens(),
                    w.outputTokens()));
            b.append(String.format(Locale.ROOT, "  layouts     prefill %s/%s, decode %s/%s; overlap %s, %s, detail %s%n",
                    br.layouts().prefillFfn(), br.layouts().prefillAttention(), br.layouts().decodeFfn(),
                    br.layouts().decodeAttention(), br.overlap(), s.multiAxis(), br.detail()));
            List<Figure> rows = new ArrayList<>();
            if (w.inputTokens() > 0) {
                rows.add(Figure.PREFILL_S);
            }
            if (w.outputTokens() > 0) {
                rows.add(Figure.DECODE_PER_TOKEN_MS);
            }
            rows.add(Figure.TOTAL_S);
            rows.add(Figure.MFU_TOTAL);
            figureTable(b, r, rows);
            b.append(String.format(Locale.ROOT, "  ratio       %s (simulated / analytical total)%n",
                    Format.ratio(br.ratio())));
            if (br.moe() != null) {
                org.tpusim.result.BatchResult.Moe m = br.moe();
                b.append(String.format(Locale.ROOT, "  experts     %d, top-%d, over %s; routing %s%n", m.experts(),
                        m.expertsPerToken(), String.join("/", m.phases().stream()
                                .map(p -> p.phase() + " " + p.expertAxes()).toList()), m.routing()));
                b.append(String.format(Locale.ROOT, "  moe         max %d and mean %s tokens per expert, %d dropped,"
                        + " imbalance idle %s%n", m.maxTokensPerExpert(),
                        Format.number(m.meanTokensPerExpert()), m.droppedTokens(),
                        Format.seconds(m.imbalanceIdleS())));
            }
        }
        if (r.result() instanceof org.tpusim.result.TraceResult t) {
            b.append(String.format(Locale.ROOT, "  serving     %s batching, max batch %d; %d requests (%d bad rows skipped)%n",
                    t.policy(), t.maxBatch(), t.simulated().requests(), t.source().skippedRows()));
            b.append(String.format(Locale.ROOT, "  layouts     prefill %s, decode %s; overlap %s, %s%n",
                    layout(s, true), layout(s, false), s.overlap(), s.multiAxis()));
            for (String side : new String[] {"simulated", "analytical"}) {
                org.tpusim.result.TraceResult.Figures f = side.equals("simulated") ? t.simulated() : t.analytical();
                b.append(String.format(Locale.ROOT,
                        "  %-11s TTFT p50/p99 %s / %s, TPOT p50 %s, e2e p50/p99 %s / %s, %s tokens/s, MFU %s%n",
                        side, Format.millis(f.ttftMs().p50()), Format.millis(f.ttftMs().p99()),
                        f.tpotMs() == null ? "n/a" : Format.millis(f.tpotMs().p50()), Format.millis(f.e2eMs().p50()),
                        Format.millis(f.e2eMs().p99()), Format.number(f.throughputTokensPerS()),
                        Format.percent(f.mfu())));
            }
            if (t.serving() != null) {
                serving(b, t.serving());
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

    private static void trimEnd(StringBuilder b) {
        while (b.length() > 0 && b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 1);
        }
    }

    /** The layout a trace scenario asked for its prefill or decode passes, e.g. {@code ws-2d/batch} ({@code auto}: per pass). */
    static String layout(ScenarioEcho s, boolean prefill) {
        Workload.RequestedLayouts l = ((Workload.Trace) s.workload()).layout();
        Keyed ffn = prefill ? l.prefillFfn() : l.decodeFfn();
        Keyed attention = prefill ? l.prefillAttention() : l.decodeAttention();
        return (ffn == null ? "auto" : ffn.key()) + "/" + (attention == null ? "auto" : attention.key());
    }

    static String time(double s) {
        return Format.seconds(s);
    }

    /**
     * The figures in {@code rows} (and every figure the scenario's reference block names) as a table: simulated,
     * analytical, and where the scenario carries one, the published value and the simulation's error against it.
     */
    private static void figureTable(StringBuilder b, RunResult r, List<Figure> rows) {
        List<Comparison> published = Comparison.of(r);
        List<Figure> all = new ArrayList<>(rows);
        for (Comparison c : published) {
            Figure f = c.figure(r.result().kind());
            if (!all.contains(f)) {
                all.add(all.size() - 1, f);   // before MFU total
            }
        }
        boolean ref = !published.isEmpty();
        b.append(String.format(Locale.ROOT, "  %-18s %-13s %-13s%s", "", "simulated", "analytical",
                ref ? String.format(Locale.ROOT, " %-13s %s", "published", "simulated vs published") : ""));
        trimEnd(b);
        b.append(String.format(Locale.ROOT, "%n"));
        for (Figure f : all) {
            double sim = FigureValues.simulated(f, r.result());
            double ana = FigureValues.analytical(f, r.result());
            Comparison c = published.stream().filter(x -> x.key().equals(f.key())).findFirst().orElse(null);
            b.append(String.format(Locale.ROOT, "  %-18s %-13s %-13s", f.label(), Format.value(sim, f.unit()),
                    Format.value(ana, f.unit())));
            if (c != null) {
                b.append(String.format(Locale.ROOT, " %-13s %s", Format.value(c.reference(), f.unit()),
                        c.errorText()));
            }
            trimEnd(b);
            b.append(String.format(Locale.ROOT, "%n"));
        }
        if (ref) {
            b.append("  published   ").append(r.scenario().reference().source()).append('\n');
        }
    }

    /** The published figures of a transfer or collective scenario with a reference block. */
    private static void published(StringBuilder b, RunResult r) {
        for (Comparison c : Comparison.of(r)) {
            Figure f = c.figure(r.result().kind());
            b.append(String.format(Locale.ROOT, "  published   %s %s (%s); simulated %s%n", f.label(),
                    Format.value(c.reference(), f.unit()), r.scenario().reference().source(), c.errorText()));
        }
    }

    /** "int8 weights", or with the other formats when they are not bf16: "int8 weights, int8 activations, fp8 KV". */
    static String formats(org.tpusim.model.ModelConfig m) {
        String f = m.weights().key() + " weights";
        if (m.activations() != org.tpusim.model.DType.BF16) {
            f += ", " + m.activations().key() + " activations";
        }
        if (m.kvCache() != org.tpusim.model.DType.BF16) {
            f += ", " + m.kvCache().key() + " KV";
        }
        return f;
    }

    /** One line per serving feature the run used (README "Serving as it is done today"). */
    private static void serving(StringBuilder b, org.tpusim.result.TraceResult.Serving v) {
        if (v.chunkedPrefill() != null) {
            var c = v.chunkedPrefill();
            b.append(String.format(Locale.ROOT, "  chunked     budget %d tokens per pass; %d prompt chunks, %d mixed passes"
                    + " (%d shapes simulated, %s)%n", c.tokenBudget(), c.prefillChunks(), c.mixedPasses(),
                    c.mixedShapesSimulated(), Format.seconds(c.mixedPassTimeS())));
        }
        if (v.pagedKv() != null) {
            var p = v.pagedKv();
            b.append(String.format(Locale.ROOT, "  paged KV    %d-token blocks, peak %d of %d; %d preemptions by %s: %s%n",
                    p.blockTokens(), p.peakBlocks(), p.capacityBlocks(), p.preemptions(), p.preemption(),
                    p.preemption().equals("swap")
                            ? Format.bytes(p.swappedBytes()) + " swapped per chip, " + Format.seconds(p.swapTimeS())
                            + " waited"
                            : p.recomputedTokens() + " tokens recomputed"));
        }
        if (v.prefixCache() != null) {
            var c = v.prefixCache();
            b.append(String.format(Locale.ROOT, "  prefixes    hit rate %s (%d of %d), %d prefill tokens saved, %d evictions%n",
                    Format.percent(c.hitRate()), c.hits(), c.lookups(), c.prefillTokensSaved(), c.evictions()));
        }
        if (v.speculative() != null) {
            var sp = v.speculative();
            b.append(String.format(Locale.ROOT, "  speculative draft %s%s, %d proposals per step; %s accepted, %s tokens per"
                    + " step; %s in the draft%n", sp.draftModel(), sp.draftTopology() == null ? ""
                    : " on its own " + sp.draftTopology() + " (" + sp.draftChips() + " chips)", sp.tokens(),
                    Format.number(sp.acceptedPerStep()),
                    Format.number(sp.tokensPerStep()), Format.seconds(sp.draftTimeS())));
        }
        if (v.replicas() != null) {
            var r = v.replicas();
            b.append(String.format(Locale.ROOT, "  replicas    %d slices, router %s; requests per slice %s%n", r.count(),
                    r.router(), r.requests()));
        }
        if (v.pools() != null) {
            var p = v.pools();
            b.append(String.format(Locale.ROOT, "  pools       prefill %s (%d chips, busy %s): TTFT p50/p99 %s / %s; decode %s"
                    + " (%d chips, busy %s): TPOT p50/p99 %s / %s%n", p.prefill().topology(), p.prefill().chips(),
                    Format.percent(p.prefill().busyFraction()), Format.millis(p.prefill().ttftMs().p50()),
                    Format.millis(p.prefill().ttftMs().p99()), p.decode().topology(), p.decode().chips(),
                    Format.percent(p.decode().busyFraction()),
                    p.decode().tpotMs() == null ? "n/a" : Format.millis(p.decode().tpotMs().p50()),
                    p.decode().tpotMs() == null ? "n/a" : Format.millis(p.decode().tpotMs().p99())));
            b.append(String.format(Locale.ROOT, "  KV transfer over %s: p50/p99 %s / %s per request%n", p.network(),
                    Format.millis(p.kvTransferMs().p50()), Format.millis(p.kvTransferMs().p99())));
        }
    }
}
