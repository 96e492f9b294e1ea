package org.tpusim.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic corpus of bad inputs for {@code tpusim run} (and a few other commands), generated from one
 * block-style base scenario per workload kind: wrong types and out-of-range values at every key, YAML traps,
 * bad trace CSV rows, bad names, devices and folders as files, bad flags, and one case per finding of the
 * Reliability issue. Every case is invalid by construction (values are chosen outside the documented ranges
 * of README "Scenario files"); {@link InputFuzzTest} runs them and asserts exit 2, one message, nothing written.
 */
final class FuzzCorpus {
    /** How the message must look. */
    enum Expect {
        /** {@code tpusim: FILE:LINE: KEY: problem}, LINE and KEY those of the case (or related). */
        KEYED,
        /** {@code tpusim: FILE:LINE: problem} (YAML syntax, bytes that are not UTF-8, a line too long). */
        FILE_LINE,
        /** {@code tpusim: FILE: problem} (the file as a whole: missing, a device, too large). */
        FILE,
        /** {@code tpusim: problem} and at most a one-line hint: a bad flag. */
        FLAG
    }

    /**
     * One case: files to write into the case's folder (name to bytes), the arguments ({@code {dir}} stands for
     * the case's folder, {@code {out}} for its --out), the expected message form, and for KEYED cases the file
     * (relative to the folder), line and key path the message must name.
     */
    record Case(String label, Map<String, byte[]> files, List<String> args, Expect expect, String file, int line,
                String key) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A base scenario in block style: every key on its own line, so each line has one key path. */
    record Base(String id, String text, Map<String, byte[]> extraFiles) {
    }

    static final String TRANSFER = """
            name: fz-transfer
            description: fuzz base, a transfer
            seed: 1
            system:
              chip: tpu-v4
              topology: 4x4x4
              wraparound: [auto, auto, false]
              overrides:
                hop_latency_ns: 250
                link_bandwidth_bytes_per_s: 45e9
                link_efficiency: 0.6
                collective_overhead_ns: 0
            simulation:
              chunk_bytes: 256KiB
            workload:
              kind: transfer
              from: [0, 0, 0]
              to: [2, 2, 2]
              bytes: 64MiB
            """;

    static final String COLLECTIVE = """
            name: fz-collective
            system:
              chip: tpu-v4
              topology: 4x4x4
              overrides:
                peak_flops_per_s: 275e12
                peak_int8_ops_per_s: 275e12
                peak_fp8_flops_per_s: 0
                hbm_capacity_bytes: 34359738368
                hbm_bandwidth_bytes_per_s: 1.2e12
                core_hbm_bandwidth_bytes_per_s: 1.2e12
                compute_efficiency: 0.72
                hbm_efficiency: 0.88
                matmul_tile_elements: 128
                matmul_row_tile_elements: 8
                overlap_exponent: 4
                matmul_fixed_ns: 250
                attention_fixed_ns: 10000
                vector_fixed_ns: 2500
                prefetch_buffer_bytes: 0
                collective_sync_ns_per_doubling: 3000
                torus_collective_max_bytes: 0
                matmul_weight_load_rows: 0
                attention_score_bytes: 0
                flat_ring_max_chips: 0
                max_collectives_in_flight: 0
                all_to_all_ns_per_peer: 0
            workload:
              kind: collective
              collective: all-reduce
              axes: x
              bytes_per_chip: 16MiB
              algorithm: bidirectional-ring
              multi_axis: concurrent
            """;

    static final String BATCH = """
            name: fz-batch
            system:
              chip: tpu-v4
              topology: 4x4x1
            model:
              preset: palm-62b
              weights: bf16
              kv_cache_dtype: bf16
              pad_shards: false
              activations: bf16
              sliding_window: 0
            layout:
              prefill:
                ffn: ws-2d
                attention: head
              decode:
                ffn: ws-2d
                attention: batch
            execution:
              overlap: collective-einsum
              multi_axis: flat-ring
            simulation:
              detail: fast
            workload:
              kind: batch
              batch: 32
              input_tokens: 128
              cached_tokens: 0
              output_tokens: 32
            reference:
              source: fuzz
              figures:
                decode_per_token_ms: 20
            """;

    static final String TRACE_FILE = """
            name: fz-trace
            system:
              chip: tpu-v4
              topology: 4x4x4
            model:
              preset: palm-540b
              pad_heads_to: 64
              weights: int8
            layout: auto
            workload:
              kind: trace
              file: fz.csv
              on_bad_rows: reject
              batching:
                policy: static
                max_batch: 16
                max_wait_ms: 200
            """;

    static final String SYNTHETIC = """
            name: fz-synthetic
            seed: 7
            system:
              chip: tpu-v4
              topology: 4x4x1
            model:
              preset: palm-62b
              weights: int8
            layout: auto
            workload:
              kind: trace
              synthetic:
                requests: 20
                seed: 3
                arrivals:
                  process: gamma
                  rate_per_s: 10
                  cv: 3
                input_tokens:
                  uniform: [32, 512]
                output_tokens:
                  lognormal:
                    median: 48
                    sigma: 0.6
                    min: 4
                    max: 256
                cached_tokens:
                  fixed: 0
              batching:
                policy: continuous
                max_batch: 32
            """;

    /**
     * A mixture-of-experts batch: every MoE key of model (beside a preset's), the zipf routing block and the expert
     * axes of both phases. {@code experts} is both a model count here and a layout key (mesh axes): RANGES is
     * looked up by key path first, so {@code model.experts} has its range and {@code layout.*.experts} are enums.
     */
    static final String MOE = """
            name: fz-moe
            system:
              chip: tpu-v4
              topology: 2x2x2
            model:
              preset: mixtral-8x7b
              weights: bf16
              experts: 8
              experts_per_token: 2
              expert_d_ff: 14336
              shared_d_ff: 1024
              dense_layers: 1
              routing:
                kind: zipf
                skew: 1.2
                seed: 3
                capacity_factor: 1.25
            layout:
              prefill:
                ffn: ws-2d
                attention: head
                experts: xyz
              decode:
                ffn: ws-2d
                attention: batch
                experts: xy
            simulation:
              detail: fast
            workload:
              kind: batch
              batch: 16
              input_tokens: 128
              output_tokens: 4
            """;

    /** Routing read from a file of per-expert loads (the keys only kind file takes), on the DeepSeek-style preset. */
    static final String MOE_FILE = """
            name: fz-moe-file
            system:
              chip: tpu-v4
              topology: 2x2x2
            model:
              preset: deepseek-moe-16b
              weights: bf16
              routing:
                kind: file
                file: loads.txt
                seed: 5
                capacity_factor: 2
            layout: auto
            workload:
              kind: batch
              batch: 8
              input_tokens: 64
              output_tokens: 2
            """;

    /** DeepSeekMoE 16B's 64 experts, top-6: loads 2 for the first 8, 1 for the rest (largest share 2/72 < 1/6). */
    static final String LOADS = "# one relative load per expert\n" + "2\n".repeat(8) + "1\n".repeat(56);

    /** A serving base: chunked prefill on a synthetic stream (the serving keys of scenarios/serving/). */
    static final String SERVING = """
            name: fz-serving
            system:
              chip: tpu-v4
              topology: 4x4x1
            model:
              preset: palm-62b
              weights: int8
            layout: auto
            workload:
              kind: trace
              synthetic:
                requests: 20
                arrivals:
                  process: poisson
                  rate_per_s: 10
                input_tokens:
                  fixed: 300
                output_tokens:
                  fixed: 16
                prefixes:
                  share: 0.5
                  count: 4
                  tokens: 128
              batching:
                policy: chunked
                max_batch: 16
                token_budget: 256
              kv_cache:
                block_tokens: 16
                preemption: swap
              prefix_cache:
                capacity_blocks: 64
              replicas:
                count: 2
                router: prefix-affinity
            """;

    /** Speculative decoding with the draft on a slice of its own (the speculative keys of scenarios/serving/). */
    static final String SPECULATIVE = """
            name: fz-speculative
            system:
              chip: tpu-v4
              topology: 4x4x1
            model:
              preset: palm-62b
              weights: int8
            layout: auto
            workload:
              kind: trace
              synthetic:
                requests: 20
                arrivals:
                  process: poisson
                  rate_per_s: 10
                input_tokens:
                  fixed: 300
                output_tokens:
                  fixed: 16
              batching:
                policy: continuous
                max_batch: 16
              speculative:
                draft:
                  preset: palm-8b
                  weights: bf16
                tokens: 4
                acceptance: 0.7
                draft_slice:
                  topology: 2x2x1
            """;

    static final String CSV = "arrival_s,input_tokens,output_tokens,cached_tokens\n0.0,200,64,0\n0.5,180,32,100\n"
            + "1.25,220,48,0\n";

    static List<Base> bases() {
        return List.of(new Base("transfer", TRANSFER, Map.of()), new Base("collective", COLLECTIVE, Map.of()),
                new Base("batch", BATCH, Map.of()), new Base("trace", TRACE_FILE, Map.of("fz.csv", bytes(CSV))),
                new Base("synthetic", SYNTHETIC, Map.of()), new Base("moe", MOE, Map.of()),
                new Base("moe-file", MOE_FILE, Map.of("loads.txt", bytes(LOADS))), new Base("serving", SERVING, Map.of()),
                new Base("speculative", SPECULATIVE, Map.of()));
    }

    /** Values that are the wrong type for any scalar key. */
    private static final List<String> NOT_SCALAR = List.of("{a: 1}", "[1, 2]", "[]", "{}");
    /** Values that are no number at all. */
    private static final List<String> NOT_NUMBER = List.of("abc", ".nan", ".inf", "-.inf", "NaN", "Infinity",
            "0x10", "'1e3x'", "true", "1_2_x", "\"\"");
    /** Numeric extremes; which of them are bad depends on the key (see {@link #invalidNumbers}). */
    private static final List<String> EXTREMES = List.of("0", "-1", "1e308", "5e-324", "-1e308", "1e300",
            "99999999999999999999", "2147483648", "2147483647", "9223372036854775807", "-9223372036854775808", "1.5",
            "1e15", "1e7", "-0.0", "4e-9");

    /** A key's valid range, as README "Scenario files" documents it; the generator picks values outside it. */
    record Range(double min, double max, boolean whole) {
        boolean contains(double v) {
            return v >= min && v <= max && (!whole || v == Math.rint(v));
        }
    }

    private static final Map<String, Range> RANGES = new LinkedHashMap<>();

    static {
        RANGES.put("hop_latency_ns", new Range(0, 1e9, false));
        RANGES.put("collective_overhead_ns", new Range(0, 1e9, false));
        RANGES.put("matmul_fixed_ns", new Range(0, 1e9, false));
        RANGES.put("attention_fixed_ns", new Range(0, 1e9, false));
        RANGES.put("vector_fixed_ns", new Range(0, 1e9, false));
        RANGES.put("link_bandwidth_bytes_per_s", new Range(1e6, 1e15, false));
        RANGES.put("hbm_bandwidth_bytes_per_s", new Range(1e6, 1e15, false));
        RANGES.put("core_hbm_bandwidth_bytes_per_s", new Range(1e6, 1e15, false));
        RANGES.put("peak_flops_per_s", new Range(1e9, 1e18, false));
        RANGES.put("peak_int8_ops_per_s", new Range(0, 1e18, false));
        RANGES.put("sliding_window", new Range(0, Integer.MAX_VALUE, true));
        RANGES.put("peak_fp8_flops_per_s", new Range(0, 1e18, false));
        RANGES.put("hbm_capacity_bytes", new Range(Math.pow(2, 20), Math.pow(2, 50), false));
        RANGES.put("prefetch_buffer_bytes", new Range(0, Math.pow(2, 40), false));
        RANGES.put("collective_sync_ns_per_doubling", new Range(0, 1e9, false));
        RANGES.put("torus_collective_max_bytes", new Range(0, Math.pow(2, 50), false));
        RANGES.put("matmul_weight_load_rows", new Range(0, 65536, false));
        RANGES.put("flat_ring_max_chips", new Range(0, Math.pow(2, 20), false));
        RANGES.put("max_collectives_in_flight", new Range(0, Math.pow(2, 20), true));
        RANGES.put("all_to_all_ns_per_peer", new Range(0, 1e9, false));
        RANGES.put("attention_score_bytes", new Range(0, 64, false));
        RANGES.put("link_efficiency", new Range(1e-3, 1, false));
        RANGES.put("compute_efficiency", new Range(1e-3, 1, false));
        RANGES.put("hbm_efficiency", new Range(1e-3, 1, false));
        RANGES.put("matmul_tile_elements", new Range(1, 65536, true));
        RANGES.put("matmul_row_tile_elements", new Range(1, 65536, true));
        RANGES.put("overlap_exponent", new Range(1, 1000, false));
        RANGES.put("chunk_bytes", new Range(1024, Math.pow(2, 40), true));
        // byte counts: at most 2^50 and the chunk cap (2^24 chunk movements at 256 KiB: 6 hops for the transfer;
        // 64 chips x 2 x (chunks + 8) for the all-reduce over x, whose bytes must also divide by 4)
        RANGES.put("workload.bytes", new Range(1, 7.3e11, true));
        RANGES.put("bytes_per_chip", new Range(4, 3.4e10, true));
        RANGES.put("fixed", new Range(0, 1e7, true));
        RANGES.put("workload.batch", new Range(1, 65536, true));
        RANGES.put("input_tokens", new Range(0, 1e7, true));
        RANGES.put("cached_tokens", new Range(0, 1e7, true));
        RANGES.put("output_tokens", new Range(0, 4096, true));
        RANGES.put("max_batch", new Range(1, 65536, true));
        RANGES.put("max_wait_ms", new Range(0, 8.64e7, false));
        RANGES.put("token_budget", new Range(1, 1 << 20, true));
        RANGES.put("block_tokens", new Range(1, 65536, true));
        RANGES.put("capacity_blocks", new Range(1, Math.pow(2, 40), true));
        RANGES.put("share", new Range(0, 1, false));
        RANGES.put("count", new Range(1, 1e6, true));   // synthetic.prefixes.count
        RANGES.put("replicas.count", new Range(1, 1024, true));
        RANGES.put("tokens", new Range(1, 1e7, true));
        RANGES.put("workload.speculative.tokens", new Range(1, 16, true));
        RANGES.put("acceptance", new Range(0, 1, false));
        // catalog host_link (ChipCatalogTest checks them; no base here edits the catalog)
        RANGES.put("host_link.bandwidth_bytes_per_s", new Range(1e6, 1e15, false));
        RANGES.put("host_link.latency_ns", new Range(0, 1e9, false));
        RANGES.put("requests", new Range(1, 100_000, true));
        RANGES.put("rate_per_s", new Range(1e-6, 1e6, false));
        RANGES.put("cv", new Range(0.01, 100, false));
        RANGES.put("median", new Range(1, 1e7, false));
        RANGES.put("sigma", new Range(0, 10, false));
        RANGES.put("min", new Range(0, 1e7, true));      // lognormal min (0 is caught as a length of 0)
        RANGES.put("max", new Range(4, 1e7, true));      // >= min
        RANGES.put("decode_per_token_ms", new Range(Double.MIN_VALUE, Double.MAX_VALUE, false));
        // mixture of experts (base MOE: Mixtral 8x7B, 32 layers, experts 8). model.experts by path: the leaf experts
        // is also the layout's expert axes (an enum, no range)
        RANGES.put("model.experts", new Range(2, 1024, true));
        RANGES.put("experts_per_token", new Range(1, 8, true));          // 1 to experts
        RANGES.put("expert_d_ff", new Range(1, Integer.MAX_VALUE, true));
        RANGES.put("shared_d_ff", new Range(0, Integer.MAX_VALUE, true));
        RANGES.put("dense_layers", new Range(0, 31, true));              // 0 to layers - 1
        RANGES.put("skew", new Range(0, 10, false));
        RANGES.put("capacity_factor", new Range(Double.MIN_VALUE, 1000, false));   // above 0
    }

    /** Keys whose value is a free string or any whole number: only wrong types are bad. */
    private static final List<String> FREE = List.of("description", "seed", "source");
    /** Enumerated keys: a misspelt or foreign value is bad. */
    private static final List<String> ENUM_BAD = List.of("tpu-v9", "TPU-V4", "all", "x y", "0", "-1", "1e308",
            "auto-x", "'  '");

    private FuzzCorpus() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The key path of each line of a block-style base (null for list items and blank lines). */
    static List<String> paths(String text) {
        List<String> out = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            int indent = (line.length() - line.stripLeading().length()) / 2;
            int colon = t.indexOf(':');
            if (t.isEmpty() || t.startsWith("#") || colon < 0) {
                out.add(null);
                continue;
            }
            while (stack.size() > indent) {
                stack.remove(stack.size() - 1);
            }
            stack.add(t.substring(0, colon));
            out.add(String.join(".", stack));
        }
        return out;
    }

    /** Every case, in a fixed order. */
    static List<Case> all() {
        List<Case> out = new ArrayList<>(findings());
        for (Base b : bases()) {
            valueCases(b, out);
            structureCases(b, out);
            yamlTraps(b, out);
        }
        nameCases(out);
        csvCases(out);
        loadFileCases(out);
        moeCases(out);
        fileCases(out);
        hfConfigCases(out);
        hfMoeCases(out);
        flagCases(out);
        return out;
    }

    /** The quick subset for the default build: every finding, then every n-th other case, about 90 in all. */
    static List<Case> quick() {
        List<Case> all = all();
        int findings = findings().size();
        List<Case> out = new ArrayList<>(all.subList(0, findings));
        int rest = all.size() - findings;
        int step = Math.max(1, rest / 60);
        for (int i = findings; i < all.size(); i += step) {
            out.add(all.get(i));
        }
        return out;
    }

    private static Case scenario(String label, Base b, String text, Expect expect, int line, String key) {
        return scenario(label, b, bytes(text), expect, line, key);
    }

    private static Case scenario(String label, Base b, byte[] text, Expect expect, int line, String key) {
        Map<String, byte[]> files = new LinkedHashMap<>(b.extraFiles());
        files.put("s.yaml", text);
        return new Case(b.id() + ": " + label, files, List.of("run", "{dir}/s.yaml", "--out", "{out}"), expect,
                "s.yaml", line, key);
    }

    private static String replaceLine(String text, int index, String newLine) {
        String[] lines = text.split("\n", -1);
        lines[index] = newLine;
        return String.join("\n", lines);
    }

    private static String leafKey(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Bad values at every leaf key of a base: wrong types, non-numbers, extremes outside the key's range. */
    private static void valueCases(Base b, List<Case> out) {
        String[] lines = b.text().split("\n", -1);
        List<String> paths = paths(b.text());
        for (int i = 0; i < lines.length; i++) {
            String path = paths.get(i);
            String line = lines[i];
            int colon = line.indexOf(':');
            if (path == null || line.substring(colon + 1).isBlank()) {
                continue;   // a mapping key: see structureCases
            }
            String prefix = line.substring(0, colon + 1) + " ";
            String value = line.substring(colon + 1).strip();
            boolean isList = value.startsWith("[");
            List<String> bad = new ArrayList<>();
            if (isList) {
                bad.addAll(List.of("{a: 1}", "7", "abc", "[]", "[1]", "[1, 2, 3, 4]", "[[1], 2]"));
                if (path.endsWith("from") || path.endsWith("to")) {
                    bad.addAll(List.of("[0, 0, 4]", "[0, 0, -1]", "[0.5, 0, 0]", "[a, 0, 0]", "[0, 0, 2147483648]",
                            "[1e308, 0, 0]"));
                }
                if (path.endsWith("uniform")) {
                    bad.addAll(List.of("[-1, 5]", "[10, 5]", "[1, 10000001]", "[1e15, 1e16]", "[1.5, 3]",
                            "[0, 9223372036854775807]"));
                }
                if (path.endsWith("wraparound")) {
                    bad.addAll(List.of("[maybe, auto, auto]", "[auto, auto]", "[1, 2, 3]"));
                }
            } else {
                String k = leafKey(path);
                // layout: {} is every phase auto, the same as layout: auto (valid by design): a bad key instead
                bad.addAll(k.equals("layout") ? List.of("{a: 1}", "[1, 2]", "[]", "{prefill: 1}") : NOT_SCALAR);
                bad.add("");
                // by key path first (workload.bytes, model.experts), then the replicas' count, then the leaf name
                Range range = RANGES.containsKey(path) ? RANGES.get(path)
                        : path.endsWith("replicas.count") ? RANGES.get("replicas.count") : RANGES.get(k);
                if (FREE.contains(k)) {
                    if (!k.equals("description") && !k.equals("source")) {
                        bad.addAll(List.of("abc", "1.5", ".nan", "99999999999999999999", "1e300"));
                    }
                } else if (range != null) {
                    bad.addAll(NOT_NUMBER);
                    for (String x : EXTREMES) {
                        if (!range.contains(Double.parseDouble(x))) {
                            bad.add(x);
                        }
                    }
                    if (k.equals("bytes") || k.equals("bytes_per_chip") || k.equals("chunk_bytes")
                            || k.equals("hbm_capacity_bytes")) {
                        bad.addAll(List.of("1PiB", "1 XB", "-1MiB", "1.5B", "2TiB TiB"));
                        if (k.equals("bytes_per_chip")) {
                            bad.add("1001");      // not divisible by the group
                        }
                    }
                } else if (!k.equals("name")) {
                    bad.addAll(ENUM_BAD);
                }
            }
            for (String v : bad) {
                String text = replaceLine(b.text(), i, prefix + v);
                out.add(scenario(path + " = " + (v.isEmpty() ? "(empty)" : v), b, text, Expect.KEYED, i + 1, path));
            }
        }
    }

    /** Mapping keys given a scalar or a list, required keys removed, unknown keys added. */
    private static void structureCases(Base b, List<Case> out) {
        String[] lines = b.text().split("\n", -1);
        List<String> paths = paths(b.text());
        for (int i = 0; i < lines.length; i++) {
            String path = paths.get(i);
            if (path == null) {
                continue;
            }
            String line = lines[i];
            int indent = line.length() - line.stripLeading().length();
            int colon = line.indexOf(':');
            boolean mapping = line.substring(colon + 1).isBlank();
            if (mapping) {
                int end = i + 1;
                while (end < lines.length && !lines[end].isBlank()
                        && lines[end].length() - lines[end].stripLeading().length() > indent) {
                    end++;
                }
                for (String v : List.of("7", "[1, 2]", "abc")) {
                    List<String> copy = new ArrayList<>(List.of(lines).subList(0, i));
                    copy.add(line.substring(0, colon + 1) + " " + v);
                    copy.addAll(List.of(lines).subList(end, lines.length));
                    if (path.equals("layout") && v.equals("abc")) {
                        continue;      // layout: abc is covered as an enum value
                    }
                    out.add(scenario(path + " is " + v, b, String.join("\n", copy), Expect.KEYED, i + 1, path));
                }
            }
            // an unknown key beside this one
            String unknown = " ".repeat(indent) + "bogus_" + leafKey(path) + ": 1";
            List<String> copy = new ArrayList<>(List.of(lines));
            copy.add(i + 1, unknown);
            if (!mapping) {
                String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) + "." : "";
                out.add(scenario("unknown key beside " + path, b, String.join("\n", copy), Expect.KEYED, i + 2,
                        parent + "bogus_" + leafKey(path)));
            }
        }
        // required keys removed
        for (String required : List.of("name", "system", "workload", "system.chip", "system.topology",
                "workload.kind")) {
            int i = paths.indexOf(required);
            int indent = lines[i].length() - lines[i].stripLeading().length();
            int end = i + 1;
            while (end < lines.length && !lines[end].isBlank()
                    && lines[end].length() - lines[end].stripLeading().length() > indent) {
                end++;
            }
            List<String> copy = new ArrayList<>(List.of(lines).subList(0, i));
            copy.addAll(List.of(lines).subList(end, lines.length));
            String parent = required.contains(".") ? required.substring(0, required.indexOf('.')) : null;
            // a missing key is named at the line where its mapping starts (the parent's first entry)
            int line = parent == null ? 1 : paths.indexOf(parent) + 2;
            out.add(scenario("without " + required, b, String.join("\n", copy), Expect.KEYED, line, required));
        }
    }

    /** YAML constructs tpusim does not read, and syntax errors. */
    private static void yamlTraps(Base b, List<Case> out) {
        String[] lines = b.text().split("\n", -1);
        List<String> paths = paths(b.text());
        int chip = paths.indexOf("system.chip");
        int topo = paths.indexOf("system.topology");
        int kind = paths.indexOf("workload.kind");
        String text = b.text();
        // anchors, aliases, tags, at a leaf line
        out.add(scenario("anchor", b, replaceLine(text, chip, "  chip: &c tpu-v4"), Expect.KEYED, chip + 1,
                "system.chip"));
        out.add(scenario("alias of an anchor", b, replaceLine(replaceLine(text, chip, "  chip: &tpu-v5 tpu-v4"),
                topo, "  topology: *tpu-v5"), Expect.KEYED, chip + 1, "system.chip"));
        out.add(scenario("alias alone", b, replaceLine(text, topo, "  topology: *t4"), Expect.KEYED, topo + 1,
                "system.topology"));
        out.add(scenario("alias as a key", b, replaceLine(text, topo, "  *k : 4x4x4"), Expect.FILE_LINE, 0, null));
        out.add(scenario("merge key", b, replaceLine(text, topo, "  <<: *base"), Expect.KEYED, topo + 1, "system"));
        // !!binary is decoded by the parser itself, so it fails as YAML (file:line) before tpusim sees the tag
        out.add(scenario("tag !!binary", b, replaceLine(text, topo, "  topology: !!binary 4x4x4"), Expect.FILE_LINE,
                topo + 1, null));
        for (String tag : List.of("!!str", "!!int", "!!float", "!foo", "!!python/object:os.system", "!<tag:x>")) {
            out.add(scenario("tag " + tag, b, replaceLine(text, topo, "  topology: " + tag + " 4x4x4"),
                    Expect.KEYED, topo + 1, "system.topology"));
        }
        out.add(scenario("anchored mapping", b, replaceLine(text, paths.indexOf("system"), "system: &s"),
                Expect.KEYED, paths.indexOf("system") + 1, "system"));
        // duplicate keys
        out.add(scenario("duplicate leaf", b, replaceLine(text, topo, lines[topo] + "\n" + lines[topo]),
                Expect.KEYED, topo + 2, "system.topology"));
        out.add(scenario("duplicate top key", b, text + "name: again\n", Expect.KEYED, lines.length, "name"));
        // unknown kind with a BOM in front (a BOM alone is fine)
        out.add(scenario("BOM then an unknown kind", b, "\uFEFF" + replaceLine(text, kind, "  kind: teleport"),
                Expect.KEYED, kind + 1, "workload.kind"));
        // syntax: multi-documents, tabs, brackets, quotes, control characters, non-UTF-8 bytes
        out.add(scenario("two documents", b, text + "---\nname: second\n", Expect.FILE_LINE, 0, null));
        out.add(scenario("document end then text", b, text + "...\nname: x\n", Expect.FILE_LINE, 0, null));
        out.add(scenario("tab indentation", b, replaceLine(text, topo, "\ttopology: 4x4x4"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("unclosed flow list", b, replaceLine(text, topo, "  topology: [4, 4"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("unclosed quote", b, replaceLine(text, topo, "  topology: \"4x4x4"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("mapping in a scalar", b, replaceLine(text, topo, "  topology: a: b"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("bad indentation", b, replaceLine(text, topo, "     topology: 4x4x4"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("NUL byte", b, replaceLine(text, topo, "  topology: 4x4\u0000x4"), Expect.FILE_LINE, 0,
                null));
        out.add(scenario("control character", b, replaceLine(text, topo, "  topology: 4x4\u0007x4"),
                Expect.FILE_LINE, 0, null));
        byte[] good = bytes(replaceLine(text, topo, "  topology: 4x4XX"));
        int at = new String(good, StandardCharsets.ISO_8859_1).indexOf("XX");
        good[at] = (byte) 0xFF;
        good[at + 1] = (byte) 0xFE;
        out.add(scenario("bytes that are not UTF-8", b, good, Expect.FILE_LINE, topo + 1, null));
        byte[] latin1 = replaceLine(text, topo, "  topology: 4x4x4 # caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        out.add(scenario("Latin-1 text", b, latin1, Expect.FILE_LINE, topo + 1, null));
        // not a mapping at the top
        out.add(scenario("a list at the top", b, "- name: x\n- kind: y\n", Expect.FILE_LINE, 1, null));
        out.add(scenario("a scalar at the top", b, "hello\n", Expect.FILE_LINE, 1, null));
        out.add(scenario("empty file", b, "", Expect.FILE_LINE, 0, null));
        out.add(scenario("only comments", b, "# nothing\n# here\n", Expect.FILE_LINE, 0, null));
    }

    /** Names that are not one safe path segment. */
    private static void nameCases(List<Case> out) {
        Base b = bases().get(0);
        Random random = new Random(2022);
        List<String> names = new ArrayList<>(List.of("index.html", "validation", "compare", "compare.html", "..",
                ".", "a/b", "../x", "My Run", "-a", "_a", ".hidden", "a\\\\b", "\"a b\"", "x".repeat(101),
                "x".repeat(231), "x".repeat(5000), "A", "caf\u00e9", "nul\\u0000", "'  '", "con:x", "a*", "~"));
        for (int i = 0; i < 20; i++) {
            // a random short string with at least one character outside [a-z0-9._-]
            StringBuilder s = new StringBuilder("n");
            int len = 1 + random.nextInt(12);
            for (int j = 0; j < len; j++) {
                s.append((char) (' ' + random.nextInt(95)));
            }
            s.append("!A");
            names.add("'" + s.toString().replace("'", "''") + "'");
        }
        for (String n : names) {
            out.add(scenario("name " + (n.length() > 40 ? n.substring(0, 20) + "... (" + n.length() + ")" : n), b,
                    replaceLine(b.text(), 0, "name: " + n), Expect.KEYED, 1, "name"));
        }
    }

    /** Bad rows of the trace CSV: the message names the CSV file, the row and the column. */
    private static void csvCases(List<Case> out) {
        Base b = bases().get(3);
        String header = "arrival_s,input_tokens,output_tokens,cached_tokens\n";
        String good = "0.0,200,64,0\n";
        String[][] rows = {
                {"-1,200,64,0", "arrival_s"}, {"1e300,200,64,0", "arrival_s"}, {"1e10,200,64,0", "arrival_s"},
                {"NaN,200,64,0", "arrival_s"}, {"Infinity,200,64,0", "arrival_s"}, {"abc,200,64,0", "arrival_s"},
                {",200,64,0", "arrival_s"}, {"0x10,200,64,0", "arrival_s"}, {"1d,200,64,0", "arrival_s"},
                {"1,-5,64,0", "input_tokens"}, {"1,0,64,0", "input_tokens"}, {"1,1.5,64,0", "input_tokens"},
                {"1,1e15,64,0", "input_tokens"}, {"1,10000001,64,0", "input_tokens"},
                {"1,99999999999999999999,64,0", "input_tokens"}, {"1,abc,64,0", "input_tokens"},
                {"1,200,0,0", "output_tokens"}, {"1,200,-1,0", "output_tokens"}, {"1,200,1e308,0", "output_tokens"},
                {"1,200", "output_tokens"}, {"1,200,64,-3", "cached_tokens"}, {"1,200,64,2.5", "cached_tokens"},
                {"1,200,64,1e12", "cached_tokens"}, {"1,200,\"64x\",0", "output_tokens"},
                {"1,200,10000000,0", "output_tokens"},     // in range, but no KV cache holds it: named at the row
        };
        for (String[] r : rows) {
            Map<String, byte[]> files = Map.of("fz.csv", bytes(header + good + r[0] + "\n"));
            Base withCsv = new Base(b.id(), b.text(), files);
            Case c = scenario("csv row " + r[0], withCsv, b.text(), Expect.KEYED, 3, r[1]);
            out.add(new Case(c.label(), c.files(), c.args(), Expect.KEYED, "fz.csv", 3, r[1]));
        }
        // a BOM is fine, the bad row is still found
        Map<String, byte[]> bom = Map.of("fz.csv", bytes("\uFEFF" + header + good + "0.1,-5,64,0\n"));
        Case c = scenario("csv with a BOM and a bad row", new Base(b.id(), b.text(), bom), b.text(), Expect.KEYED, 3,
                "input_tokens");
        out.add(new Case(c.label(), c.files(), c.args(), Expect.KEYED, "fz.csv", 3, "input_tokens"));
        // unsorted, other formats
        String[][] files = {
                {header + "1.0,200,64,0\n0.5,200,64,0\n", "arrival_s"},
                {"arrived_at,num_prefill_tokens,num_decode_tokens\n0,10,10\n1,-10,10\n", "num_prefill_tokens"},
                {"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,10,10\nyesterday,10,10\n",
                        "TIMESTAMP"},
                {"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,10,10\n2099-11-16 18:15:46,10,10\n",
                        "TIMESTAMP"},
        };
        for (String[] f : files) {
            Case k = scenario("csv " + f[0].substring(0, f[0].indexOf(',')) + " " + f[1] + " " + f[0].hashCode(),
                    new Base(b.id(), b.text(), Map.of("fz.csv", bytes(f[0]))), b.text(), Expect.KEYED, 3, f[1]);
            out.add(new Case(k.label(), k.files(), k.args(), Expect.KEYED, "fz.csv", 3, f[1]));
        }
        // whole-file problems of the trace: named at the scenario's workload.file line
        int fileLine = paths(b.text()).indexOf("workload.file") + 1;
        String[][] whole = {{"", "empty"}, {"# only a comment\n", "comments only"}, {header, "no rows"}};
        for (String[] w : whole) {
            out.add(scenario("csv " + w[1], new Base(b.id(), b.text(), Map.of("fz.csv", bytes(w[0]))), b.text(),
                    Expect.KEYED, fileLine, "workload.file"));
        }
        out.add(csvFileLine("csv with an unknown header", b, bytes("time,in,out\n1,2,3\n")));
        byte[] latin = (header + good + "1,200,64,0 # caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        out.add(csvFileLine("csv not UTF-8", b, latin));
        out.add(csvFileLine("csv line of 70000 characters", b, bytes(header + good + "1," + "9".repeat(70_000)
                + ",1,0\n")));
        StringBuilder many = new StringBuilder(header);
        for (int i = 0; i < 100_001; i++) {
            many.append(i).append(",1,1,0\n");
        }
        out.add(csvFileLine("csv of 100001 rows", b, bytes(many.toString())));
        // trace files that are folders or devices, named at the scenario's line
        for (String path : List.of("/dev/zero", "/dev/urandom", "/dev/null", ".", "/", "missing.csv",
                "../in/abc", "/proc/self/mem")) {
            String text = replaceLine(b.text(), fileLine - 1, "  file: " + path);
            out.add(scenario("trace file " + path, new Base(b.id(), b.text(), Map.of()), text, Expect.KEYED, fileLine,
                    "workload.file"));
        }
    }

    /**
     * The expert load file of {@code routing: {kind: file}} (base MOE_FILE): a bad load is named at the file's line
     * (key {@code load}); the file as a whole (count, all zero, too large, not a file) at the scenario's
     * {@code model.routing.file} line; bytes that are not UTF-8 at the file's line.
     */
    private static void loadFileCases(List<Case> out) {
        Base b = bases().stream().filter(x -> x.id().equals("moe-file")).findFirst().orElseThrow();
        int fileLine = paths(b.text()).indexOf("model.routing.file") + 1;
        String head = "# one relative load per expert\n2\n";
        String tail = "2\n".repeat(6) + "1\n".repeat(56);
        // line 3 replaces the second of 64 loads; 17 is a share of 17/87 of the copies, above 1/k = 1/6
        for (String load : List.of("-1", "abc", "NaN", "Infinity", "-Infinity", "1e400", "1d", "2f", "0x1p3", "1,2",
                "1 2", "--1", "1e", "\"1\"", "17")) {
            Case c = scenario("loads row " + load, new Base(b.id(), b.text(), Map.of("loads.txt",
                    bytes(head + load + "\n" + tail))), b.text(), Expect.KEYED, 3, "load");
            out.add(new Case(c.label(), c.files(), c.args(), Expect.KEYED, "loads.txt", 3, "load"));
        }
        Map<String, byte[]> whole = new LinkedHashMap<>();
        whole.put("empty", bytes(""));
        whole.put("comments only", bytes("# nothing\n\n"));
        whole.put("63 loads", bytes("1\n".repeat(63)));
        whole.put("65 loads", bytes("1\n".repeat(65)));
        whole.put("all zero", bytes("0\n".repeat(64)));
        whole.put("of 2 MiB", bytes("1\n".repeat(64) + "#" + "x".repeat(2 << 20) + "\n"));
        for (Map.Entry<String, byte[]> w : whole.entrySet()) {
            out.add(scenario("loads " + w.getKey(), new Base(b.id(), b.text(), Map.of("loads.txt", w.getValue())),
                    b.text(), Expect.KEYED, fileLine, "model.routing.file"));
        }
        for (String path : List.of("/dev/zero", "/dev/urandom", "/dev/null", ".", "/", "missing.txt", "../in/abc",
                "/proc/self/mem")) {
            String text = replaceLine(b.text(), fileLine - 1, "    file: " + path);
            out.add(scenario("loads file " + path, new Base(b.id(), b.text(), Map.of()), text, Expect.KEYED, fileLine,
                    "model.routing.file"));
        }
        byte[] latin = (head + "1 # caf\u00e9\n" + tail).getBytes(StandardCharsets.ISO_8859_1);
        Case c = scenario("loads not UTF-8", new Base(b.id(), b.text(), Map.of("loads.txt", latin)), b.text(),
                Expect.FILE_LINE, 0, null);
        out.add(new Case(c.label(), c.files(), c.args(), Expect.FILE_LINE, "loads.txt", 3, null));
    }

    /** MoE keys that are each valid alone but not together, or on a dense model. */
    private static void moeCases(List<Case> out) {
        Base m = bases().stream().filter(x -> x.id().equals("moe")).findFirst().orElseThrow();
        Base d = bases().get(2);
        List<String> mp = paths(MOE);
        List<String> bp = paths(BATCH);
        int kind = mp.indexOf("model.routing.kind");
        int skew = mp.indexOf("model.routing.skew");
        out.add(scenario("skew under kind uniform", m, replaceLine(MOE, kind, "    kind: uniform"), Expect.KEYED,
                skew + 1, "model.routing.skew"));
        out.add(scenario("file under kind zipf", m, replaceLine(MOE, skew, "    skew: 1.2\n    file: loads.txt"),
                Expect.KEYED, skew + 2, "model.routing.file"));
        // a missing key is named at the line where its mapping starts (routing's first entry, kind)
        out.add(scenario("kind zipf without skew", m, replaceLine(MOE, skew, "    # no skew"), Expect.KEYED,
                kind + 1, "model.routing.skew"));
        out.add(scenario("kind file without file", m, replaceLine(replaceLine(MOE, kind, "    kind: file"), skew,
                "    # no skew, no file"), Expect.KEYED, kind + 1, "model.routing.file"));
        // the experts' count and what depends on it: k above the experts, every layer dense
        int experts = mp.indexOf("model.experts");
        out.add(scenario("experts 2 below experts_per_token 3", m, replaceLine(replaceLine(MOE, experts,
                "  experts: 2"), experts + 1, "  experts_per_token: 3"), Expect.KEYED, experts + 2,
                "model.experts_per_token"));
        out.add(scenario("dense_layers 32 of 32 layers", m, replaceLine(MOE, mp.indexOf("model.dense_layers"),
                "  dense_layers: 32"), Expect.KEYED, mp.indexOf("model.dense_layers") + 1, "model.dense_layers"));
        // on a dense model: routing, an MoE key without experts, expert axes in the layout
        int weights = bp.indexOf("model.weights");
        out.add(scenario("routing on a dense model", d, replaceLine(BATCH, weights, "  weights: bf16\n  routing:\n"
                + "    kind: uniform"), Expect.KEYED, weights + 3, "model.routing"));   // a mapping: its first entry
        out.add(scenario("experts_per_token on a dense model", d, replaceLine(BATCH, weights,
                "  weights: bf16\n  experts_per_token: 2"), Expect.KEYED, bp.indexOf("model") + 2, "model"));
        out.add(scenario("expert axes on a dense model", d, replaceLine(BATCH, bp.indexOf("layout.decode.attention"),
                "    attention: batch\n    experts: xy"), Expect.KEYED, bp.indexOf("workload") + 3, "workload"));
    }

    private static Case csvFileLine(String label, Base b, byte[] csv) {
        Case c = scenario(label, new Base(b.id(), b.text(), Map.of("fz.csv", csv)), b.text(), Expect.FILE_LINE, 0,
                null);
        return new Case(c.label(), c.files(), c.args(), Expect.FILE_LINE, "fz.csv", 0, null);
    }

    /**
     * {@code model.hf_config}: paths that are devices, folders or missing, and config.json files that are too
     * large, not JSON, not UTF-8, of an unknown architecture, or with a missing or ill-typed field. The file as a
     * whole (and a missing field) is named at the scenario's hf_config line; a field at the config's line.
     */
    private static void hfConfigCases(List<Case> out) {
        String text = BATCH.replace("  preset: palm-62b\n", "  hf_config: hf.json\n");
        int hfLine = paths(text).indexOf("model.hf_config") + 1;
        String good = "{\n\"architectures\": [\"LlamaForCausalLM\"],\n\"hidden_size\": 1024,\n"
                + "\"intermediate_size\": 4096,\n\"num_attention_heads\": 8,\n\"num_hidden_layers\": 2,\n"
                + "\"num_key_value_heads\": 2,\n\"vocab_size\": 32000\n}\n";
        for (String path : List.of("/dev/zero", "/dev/urandom", "/dev/null", ".", "missing.json", "/proc/self/mem")) {
            String t = replaceLine(text, hfLine - 1, "  hf_config: " + path);
            out.add(scenario("hf_config " + path, new Base("batch", BATCH, Map.of()), t, Expect.KEYED, hfLine,
                    "model.hf_config"));
        }
        Map<String, String> keyed = new LinkedHashMap<>();
        keyed.put("hf_config hidden_size string", good.replace("\"hidden_size\": 1024", "\"hidden_size\": \"1024\""));
        keyed.put("hf_config hidden_size 1.5", good.replace("\"hidden_size\": 1024", "\"hidden_size\": 1.5"));
        keyed.put("hf_config hidden_size 1e300", good.replace("\"hidden_size\": 1024", "\"hidden_size\": 1e300"));
        keyed.put("hf_config hidden_size 2^31", good.replace("\"hidden_size\": 1024", "\"hidden_size\": 2147483648"));
        keyed.put("hf_config hidden_size -1", good.replace("\"hidden_size\": 1024", "\"hidden_size\": -1"));
        keyed.put("hf_config hidden_size null", good.replace("\"hidden_size\": 1024", "\"hidden_size\": null"));
        for (Map.Entry<String, String> e : keyed.entrySet()) {
            out.add(new Case("batch: " + e.getKey(), Map.of("s.yaml", bytes(text), "hf.json", bytes(e.getValue())),
                    List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED, "hf.json", 3, "hidden_size"));
        }
        out.add(new Case("batch: hf_config unknown architecture", Map.of("s.yaml", bytes(text), "hf.json",
                bytes(good.replace("LlamaForCausalLM", "BertModel"))), List.of("run", "{dir}/s.yaml", "--out",
                "{out}"), Expect.KEYED, "hf.json", 2, "architectures"));
        out.add(new Case("batch: hf_config kv heads 3", Map.of("s.yaml", bytes(text), "hf.json",
                bytes(good.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"))),
                List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED, "hf.json", 7, "num_key_value_heads"));
        Map<String, byte[]> fileLine = new LinkedHashMap<>();
        fileLine.put("hf_config duplicate key", bytes(good.replace("\"vocab_size\"", "\"hidden_size\": 8,\n\"vocab_size\"")));
        fileLine.put("hf_config not JSON", bytes("{\"architectures\": [\n"));
        fileLine.put("hf_config a list", bytes("[1, 2]\n"));
        fileLine.put("hf_config not UTF-8", good.replace("32000", "32000, \"x\": \"caf\u00e9\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, byte[]> e : fileLine.entrySet()) {
            out.add(new Case("batch: " + e.getKey(), Map.of("s.yaml", bytes(text), "hf.json", e.getValue()),
                    List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.FILE_LINE, "hf.json", 0, null));
        }
        out.add(new Case("batch: hf_config missing field", Map.of("s.yaml", bytes(text), "hf.json",
                bytes(good.replace("\"num_hidden_layers\": 2,\n", ""))), List.of("run", "{dir}/s.yaml", "--out",
                "{out}"), Expect.KEYED, "s.yaml", hfLine, "model.hf_config"));
        out.add(new Case("batch: hf_config of 2 MiB", Map.of("s.yaml", bytes(text), "hf.json",
                bytes(good.replace("}", ", \"pad\": \"" + "x".repeat(2 << 20) + "\"}"))), List.of("run",
                "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED, "s.yaml", hfLine, "model.hf_config"));
    }

    /**
     * The expert fields of Mixtral, Qwen2-MoE and DeepSeekMoE config.json files: a bad value is named at the config's
     * line and field; a missing field and a layer pattern without MoE layers at the scenario's hf_config line.
     */
    private static void hfMoeCases(List<Case> out) {
        String text = BATCH.replace("  preset: palm-62b\n", "  hf_config: hf.json\n");
        int hfLine = paths(text).indexOf("model.hf_config") + 1;
        String dims = "\"hidden_size\": 1024,\n\"intermediate_size\": 4096,\n\"num_attention_heads\": 8,\n"
                + "\"num_hidden_layers\": 2,\n\"num_key_value_heads\": 8,\n\"vocab_size\": 32000,\n";
        // line 1 {, 2 architectures, 3-8 dims, 9 on: the expert fields
        String mixtral = "{\n\"architectures\": [\"MixtralForCausalLM\"],\n" + dims
                + "\"num_local_experts\": 4,\n\"num_experts_per_tok\": 2\n}\n";
        String qwen = "{\n\"architectures\": [\"Qwen2MoeForCausalLM\"],\n" + dims
                + "\"num_experts\": 4,\n\"num_experts_per_tok\": 2,\n\"moe_intermediate_size\": 512,\n"
                + "\"shared_expert_intermediate_size\": 1024,\n\"decoder_sparse_step\": 1,\n\"mlp_only_layers\": []\n}\n";
        String deepseek = "{\n\"architectures\": [\"DeepseekForCausalLM\"],\n" + dims
                + "\"n_routed_experts\": 4,\n\"num_experts_per_tok\": 2,\n\"moe_intermediate_size\": 512,\n"
                + "\"n_shared_experts\": 2,\n\"first_k_dense_replace\": 1,\n\"moe_layer_freq\": 1\n}\n";
        String[][] keyed = {
                {"mixtral", mixtral, "\"num_local_experts\": 4", "\"num_local_experts\": -1", "9"},
                {"mixtral", mixtral, "\"num_local_experts\": 4", "\"num_local_experts\": 1", "9"},
                {"mixtral", mixtral, "\"num_local_experts\": 4", "\"num_local_experts\": 4.5", "9"},
                {"mixtral", mixtral, "\"num_local_experts\": 4", "\"num_local_experts\": \"4\"", "9"},
                {"mixtral", mixtral, "\"num_local_experts\": 4", "\"num_local_experts\": 2147483648", "9"},
                {"mixtral", mixtral, "\"num_experts_per_tok\": 2", "\"num_experts_per_tok\": 5", "10"},
                {"mixtral", mixtral, "\"num_experts_per_tok\": 2", "\"num_experts_per_tok\": 0", "10"},
                {"qwen", qwen, "\"num_experts\": 4", "\"num_experts\": null", "9"},
                {"qwen", qwen, "\"moe_intermediate_size\": 512", "\"moe_intermediate_size\": 0", "11"},
                {"qwen", qwen, "\"shared_expert_intermediate_size\": 1024", "\"shared_expert_intermediate_size\": -5",
                        "12"},
                {"qwen", qwen, "\"decoder_sparse_step\": 1", "\"decoder_sparse_step\": 0", "13"},
                {"qwen", qwen, "\"mlp_only_layers\": []", "\"mlp_only_layers\": [2]", "14"},
                {"qwen", qwen, "\"mlp_only_layers\": []", "\"mlp_only_layers\": 1", "14"},
                {"deepseek", deepseek, "\"n_routed_experts\": 4", "\"n_routed_experts\": true", "9"},
                {"deepseek", deepseek, "\"n_shared_experts\": 2", "\"n_shared_experts\": -2", "12"},
                {"deepseek", deepseek, "\"first_k_dense_replace\": 1", "\"first_k_dense_replace\": -1", "13"},
                {"deepseek", deepseek, "\"moe_layer_freq\": 1", "\"moe_layer_freq\": 0", "14"},
        };
        for (String[] k : keyed) {
            String field = k[2].substring(1, k[2].indexOf('"', 1));
            out.add(new Case("batch: hf_config " + k[0] + " " + k[3], Map.of("s.yaml", bytes(text), "hf.json",
                    bytes(k[1].replace(k[2], k[3]))), List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED,
                    "hf.json", Integer.parseInt(k[4]), field));
        }
        String[][] atScenario = {
                {"mixtral without num_local_experts", mixtral.replace("\"num_local_experts\": 4,\n", "")},
                {"deepseek without moe_intermediate_size", deepseek.replace("\"moe_intermediate_size\": 512,\n", "")},
                {"deepseek all layers dense", deepseek.replace("\"first_k_dense_replace\": 1", "\"first_k_dense_replace\": 2")},
                {"qwen every layer in mlp_only_layers", qwen.replace("\"mlp_only_layers\": []", "\"mlp_only_layers\": [0, 1]")},
        };
        for (String[] a : atScenario) {
            out.add(new Case("batch: hf_config " + a[0], Map.of("s.yaml", bytes(text), "hf.json", bytes(a[1])),
                    List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED, "s.yaml", hfLine,
                    "model.hf_config"));
        }
    }

    /** Scenario files that are folders, devices, missing or too large. */
    private static void fileCases(List<Case> out) {
        for (String path : List.of("/dev/zero", "/dev/urandom", "/dev/null", "/proc/self/mem", "{dir}", "/",
                "{dir}/missing.yaml", "{dir}/sub/missing.yaml")) {
            out.add(new Case("scenario file " + path, Map.of(), List.of("run", path, "--out", "{out}"), Expect.FILE,
                    path, 0, null));
        }
        StringBuilder big = new StringBuilder(TRANSFER);
        while (big.length() <= (1 << 20)) {
            big.append("# padding to more than 1 MiB of comments, which the reader refuses before parsing\n");
        }
        out.add(new Case("scenario file over 1 MiB", Map.of("s.yaml", bytes(big.toString())),
                List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.FILE, "s.yaml", 0, null));
        StringBuilder deep = new StringBuilder("name: deep\nsystem: ");
        deep.append("[".repeat(20_000)).append("]".repeat(20_000)).append('\n');
        out.add(new Case("20000 nested lists", Map.of("s.yaml", bytes(deep.toString())),
                List.of("run", "{dir}/s.yaml", "--out", "{out}"), Expect.FILE_LINE, "s.yaml", 0, null));
    }

    /** Bad flags: one line and a hint, exit 2, nothing written. */
    private static void flagCases(List<Case> out) {
        Map<String, byte[]> q = Map.of("s.yaml", bytes(TRANSFER));
        List<List<String>> flags = List.of(
                List.of("run", "--frobnicate", "{dir}/s.yaml", "--out", "{out}"),
                List.of("run", "--out"),
                List.of("run"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace-max-events", "abc"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace-max-events", "99999999999"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace", "--trace-chips", "x-y"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace", "--trace-chips", "3-1"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace", "--trace-steps", "warmup"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--trace", "--trace-max-events", "-5"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "-x"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--out", "{out}"),
                List.of("frobnicate"),
                List.of("--frobnicate"),
                List.of("sweep"),
                List.of("sweep", "{dir}/s.yaml", "--out", "{out}", "--threads", "abc"),
                List.of("sweep", "{dir}/s.yaml", "--out", "{out}", "--bogus"),
                List.of("search"),
                List.of("search", "{dir}/s.yaml", "--out", "{out}", "--simulate", "many"),
                List.of("bench", "--events", "abc"),
                List.of("bench", "--bogus"),
                List.of("validate", "--out", "{out}", "--bogus"),
                List.of("run", "{dir}/s.yaml", "--out", "{out}", "--help=yes"));
        for (List<String> f : flags) {
            out.add(new Case("flags " + String.join(" ", f), q, f, Expect.FLAG, null, 0, null));
        }
    }

    /** One case per finding of the Reliability issue (each must be exit 2 before anything runs). */
    static List<Case> findings() {
        List<Case> out = new ArrayList<>();
        Base t = bases().get(0);
        Base c = bases().get(1);
        Base bt = bases().get(2);
        Base tr = bases().get(3);
        Base sy = bases().get(4);
        List<String> tp = paths(TRANSFER);
        List<String> cp = paths(COLLECTIVE);
        List<String> bp = paths(BATCH);
        List<String> trp = paths(TRACE_FILE);
        List<String> sp = paths(SYNTHETIC);
        out.add(set("finding: transfer bytes 1e15", t, tp, "workload.bytes", "1e15"));
        out.add(set("finding: transfer bytes 2^50 + 1", t, tp, "workload.bytes", "1125899906842625"));
        out.add(set("finding: input_tokens 1e15", bt, bp, "workload.input_tokens", "1e15"));
        out.add(set("finding: override 1e308", t, tp, "system.overrides.hop_latency_ns", "1e308"));
        out.add(set("finding: override 5e-324", t, tp, "system.overrides.link_bandwidth_bytes_per_s", "5e-324"));
        out.add(set("finding: link_efficiency 5e-324", t, tp, "system.overrides.link_efficiency", "5e-324"));
        out.add(set("finding: cv 1e300", sy, sp, "workload.synthetic.arrivals.cv", "1e300"));
        out.add(set("finding: max_wait_ms 1e308", tr, trp, "workload.batching.max_wait_ms", "1e308"));
        Case arrival = scenario("finding: csv arrival 1e300", new Base(tr.id(), tr.text(),
                Map.of("fz.csv", bytes(CSV + "1e300,10,10,0\n"))), tr.text(), Expect.KEYED, 5, "arrival_s");
        out.add(new Case(arrival.label(), arrival.files(), arrival.args(), Expect.KEYED, "fz.csv", 5, "arrival_s"));
        out.add(set("finding: name of 231 characters", t, tp, "name", "x".repeat(231)));
        out.add(set("finding: name index.html", t, tp, "name", "index.html"));
        // two files, the first good: nothing may run
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("good.yaml", bytes(TRANSFER.replace("64MiB", "1MiB")));
        two.put("s.yaml", bytes(replaceLine(TRANSFER, tp.indexOf("workload.bytes"), "  bytes: 1e15")));
        out.add(new Case("finding: a good file, then a bad one", two, List.of("run", "{dir}/good.yaml",
                "{dir}/s.yaml", "--out", "{out}"), Expect.KEYED, "s.yaml", tp.indexOf("workload.bytes") + 1,
                "workload.bytes"));
        out.add(new Case("finding: /dev/zero as a scenario", Map.of(), List.of("run", "/dev/zero", "--out", "{out}"),
                Expect.FILE, "/dev/zero", 0, null));
        out.add(set("finding: /dev/urandom as a trace", tr, trp, "workload.file", "/dev/urandom"));
        out.add(set("finding: requests 2147483647", sy, sp, "workload.synthetic.requests", "2147483647"));
        out.add(set("finding: requests 1e7", sy, sp, "workload.synthetic.requests", "1e7"));
        out.add(set("finding: max_batch 2147483647", sy, sp, "workload.batching.max_batch", "2147483647"));
        out.add(set("finding: bytes_per_chip 1e15", c, cp, "workload.bytes_per_chip", "1e15"));
        out.add(set("finding: bytes_per_chip 2^40 (chunk cap)", c, cp, "workload.bytes_per_chip", "1TiB"));
        out.add(set("finding: output_tokens 500000", bt, bp, "workload.output_tokens", "500000"));
        int ffn = bp.indexOf("layout.prefill.ffn");
        int ffn2 = bp.indexOf("layout.decode.ffn");
        out.add(scenario("finding: YAML alias of an anchor named like a layout", bt,
                replaceLine(replaceLine(BATCH, ffn, "    ffn: &ws-1d ws-2d"), ffn2, "    ffn: *ws-1d"), Expect.KEYED,
                ffn + 1, "layout.prefill.ffn"));
        out.add(scenario("finding: YAML syntax error", t, replaceLine(TRANSFER, tp.indexOf("workload.bytes"),
                "  bytes: [1"), Expect.FILE_LINE, 0, null));
        out.add(new Case("finding: bad flag", Map.of("s.yaml", bytes(TRANSFER)),
                List.of("run", "--bogus", "{dir}/s.yaml", "--out", "{out}"), Expect.FLAG, null, 0, null));
        out.add(set("finding: trace file ../in/abc", tr, trp, "workload.file", "../in/abc"));
        Case kv = scenario("finding: csv row too long for the KV cache", new Base(tr.id(), tr.text(),
                Map.of("fz.csv", bytes(CSV + "2,10,10000000,0\n"))), tr.text(), Expect.KEYED, 5, "output_tokens");
        out.add(new Case(kv.label(), kv.files(), kv.args(), Expect.KEYED, "fz.csv", 5, "output_tokens"));
        out.add(scenario("finding: full detail over the budget", bt, replaceLine(replaceLine(BATCH,
                bp.indexOf("simulation.detail"), "  detail: full"), bp.indexOf("workload.output_tokens"),
                "  output_tokens: 4096"), Expect.KEYED, bp.indexOf("simulation.detail") + 1, "simulation.detail"));
        return out;
    }

    private static Case set(String label, Base b, List<String> paths, String path, String value) {
        int i = paths.indexOf(path);
        String line = b.text().split("\n", -1)[i];
        String prefix = line.substring(0, line.indexOf(':') + 1) + " ";
        return scenario(label, b, replaceLine(b.text(), i, prefix + value), Expect.KEYED, i + 1, path);
    }
}
