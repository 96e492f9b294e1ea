package org.tpusim.scenario;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlNode;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.workload.ArrivalProcess;
import org.tpusim.workload.Batching;
import org.tpusim.workload.BatchingPolicyKind;
import org.tpusim.workload.GenerationTrace;
import org.tpusim.workload.KvCacheBudget;
import org.tpusim.workload.KvPaging;
import org.tpusim.workload.KvPreemption;
import org.tpusim.workload.LengthDistribution;
import org.tpusim.workload.OnBadRows;
import org.tpusim.workload.Pools;
import org.tpusim.workload.PrefixCaching;
import org.tpusim.workload.Replicas;
import org.tpusim.workload.Speculation;
import org.tpusim.workload.RouterKind;
import org.tpusim.workload.Request;
import org.tpusim.workload.ShapeBuckets;
import org.tpusim.workload.StepLayouts;
import org.tpusim.workload.SyntheticWorkload;

/**
 * Reads {@code workload: {kind: trace, ...}}: the request source (a trace file or a synthetic process), the
 * batching block; reads or generates the requests, and checks once that the served model fits and every
 * pass the policy may ask for can run, so a bad input fails before anything runs.
 */
final class TraceWorkloadReader {
    private static final Set<String> KEYS = Set.of("kind", "file", "on_bad_rows", "synthetic", "batching",
            "kv_cache", "prefix_cache", "replicas", "speculative", "pools");
    private static final Set<String> SYNTHETIC_KEYS = Set.of("requests", "seed", "arrivals", "input_tokens",
            "output_tokens", "cached_tokens", "prefixes");
    /** Most distinct shared prefixes of a synthetic stream. */
    static final int MAX_PREFIXES = 1_000_000;
    private static final Set<String> BATCHING_KEYS = Set.of("policy", "max_batch", "max_wait_ms", "token_budget");

    /* Valid ranges of the trace workload's keys (README, "Scenario files"). */
    /** Most sequences in one pass (max_batch). */
    static final int MAX_BATCH = 1 << 16;
    /** Largest chunked-prefill token budget per pass (2^20 tokens). */
    static final long MAX_TOKEN_BUDGET = 1 << 20;
    /** Longest max_wait_ms: one day. */
    static final double MAX_WAIT_MS = 86_400_000;
    /** Slowest and fastest mean arrival rate, requests per second. */
    static final double MIN_RATE_PER_S = 1e-6;
    static final double MAX_RATE_PER_S = 1e6;
    /** Smallest and largest coefficient of variation of gamma gaps. */
    static final double MIN_CV = 0.01;
    static final double MAX_CV = 100;
    /** Largest sigma of a lognormal length. */
    static final double MAX_SIGMA = 10;

    private TraceWorkloadReader() {
    }

    static Workload.Trace read(YamlNode.Mapping node, Path baseDir, long scenarioSeed, Scenario.SystemConfig system,
                               ModelConfig model, LayoutPlan plan, ModelCatalog models) {
        node.onlyKeys(KEYS);
        if (node.has("file") == node.has("synthetic")) {
            throw node.error("expected exactly one of file: (a trace CSV) or synthetic: (a generated stream)");
        }
        Batching batching = readBatching(node.require("batching",
                "a mapping {policy: static|continuous|chunked, max_batch: N[, max_wait_ms: T][, token_budget: N]}").asMapping());
        String file = null;
        OnBadRows onBadRows = null;
        SyntheticWorkload synthetic = null;
        GenerationTrace requests;
        if (node.has("file")) {
            file = node.require("file", "").asScalar().asString();
            onBadRows = OnBadRows.REJECT;
            if (node.has("on_bad_rows")) {
                YamlNode b = node.require("on_bad_rows", "");
                onBadRows = OnBadRows.fromKey(b.asScalar().asString()).orElseThrow(() -> b.error("unknown value "
                        + b.asScalar().describe() + " (expected one of " + OnBadRows.allKeys() + ")"));
            }
            Path path = baseDir.resolve(file).normalize();
            try {
                requests = TraceReader.read(path, path.toString(), onBadRows);
            } catch (InputException e) {
                if (e.line() > 0) {
                    throw e;      // a row of the trace: file:row: column: problem
                }
                // the file as a whole: name the scenario's line and key too
                throw node.require("file", "").error(e.getMessage());
            }
        } else {
            if (node.has("on_bad_rows")) {
                throw node.require("on_bad_rows", "").error("only applies to a trace file (file:)");
            }
            synthetic = readSynthetic(node.require("synthetic", "").asMapping(), scenarioSeed);
            requests = synthetic.generate();
        }
        KvPaging paging = null;
        if (node.has("kv_cache")) {
            paging = readKvCache(node.require("kv_cache", "").asMapping(), batching, system);
        }
        PrefixCaching prefixes = null;
        if (node.has("prefix_cache")) {
            YamlNode.Mapping p = node.require("prefix_cache", "").asMapping().onlyKeys(Set.of("enabled",
                    "capacity_blocks"));
            boolean enabled = !p.has("enabled") || p.require("enabled", "").asScalar().asBoolean();
            if (enabled) {
                if (paging == null) {
                    throw p.error("prefix caching shares KV blocks: it needs a paged kv_cache block");
                }
                YamlNode c = p.require("capacity_blocks", "the KV blocks set apart for cached prefixes");
                long blocks = c.asScalar().asLong();
                if (blocks < 1 || blocks > PrefixCaching.MAX_CAPACITY_BLOCKS) {
                    throw c.error("expected a whole number of blocks from 1 to 2^40, found " + blocks);
                }
                prefixes = new PrefixCaching(blocks);
            }
        }
        Replicas replicas = null;
        if (node.has("replicas")) {
            YamlNode.Mapping r = node.require("replicas", "").asMapping().onlyKeys(Set.of("count", "router"));
            YamlNode c = r.require("count", "how many identical slices serve behind the router");
            long count = c.asScalar().asLong();
            if (count < 1 || count > Replicas.MAX_COUNT) {
                throw c.error("expected a whole number of replicas from 1 to " + Replicas.MAX_COUNT + ", found "
                        + count);
            }
            RouterKind router = RouterKind.ROUND_ROBIN;
            if (r.has("router")) {
                YamlNode k = r.require("router", "");
                router = RouterKind.fromKey(k.asScalar().asString()).orElseThrow(() -> k.error("unknown router "
                        + k.asScalar().describe() + " (expected one of " + RouterKind.allKeys() + ")"));
            }
            replicas = new Replicas((int) count, router);
        }
        Speculation speculation = null;
        if (node.has("speculative")) {
            speculation = readSpeculative(node.require("speculative", "").asMapping(), batching, paging, models,
                    baseDir, scenarioSeed, system, requests);
            if (speculation.ownSlice() && replicas != null) {
                throw node.require("speculative", "").asMapping().require("draft_slice", "").error("a draft on its "
                        + "own slice is not available with replicas in this version (expected one of the two)");
            }
        }
        Disaggregation pools = null;
        if (node.has("pools")) {
            YamlNode.Mapping pn = node.require("pools", "").asMapping();
            if (batching.policy() != BatchingPolicyKind.CONTINUOUS || paging != null || prefixes != null
                    || replicas != null || speculation != null) {
                throw pn.error("disaggregated pools run continuous batching with full-context KV reservations, "
                        + "without kv_cache, prefix_cache, replicas or speculative in this version");
            }
            pools = readPools(pn, requests, model, system, batching);
        }
        StepLayouts layouts = new StepLayouts(plan, model, MeshSplit.of(system.slice().shape()));
        checkRunnable(node, requests, layouts, system, batching, paging, prefixes,
                speculation == null || speculation.ownSlice() ? null : new StepLayouts(LayoutPlan.AUTO, speculation.draft(), MeshSplit.of(system.slice().shape())));
        return new Workload.Trace(file, onBadRows, synthetic, batching, Workload.RequestedLayouts.of(plan), requests,
                paging, prefixes, replicas, speculation, pools);
    }

    /**
     * {@code pools: {prefill: {topology, layout}, decode: {topology, layout}, kv_transfer: {network: ici} |
     * {network: dcn, bandwidth_bytes_per_s, latency_ns}}}; every pass each pool may run is checked as for one slice.
     */
    private static Disaggregation readPools(YamlNode.Mapping m, GenerationTrace requests, ModelConfig model,
                                            Scenario.SystemConfig system, Batching batching) {
        m.onlyKeys(Set.of("prefill", "decode", "kv_transfer"));
        String[] topology = new String[2];
        LayoutPlan[] plans = new LayoutPlan[2];
        Scenario.SystemConfig[] systems = new Scenario.SystemConfig[2];
        String[] names = {"prefill", "decode"};
        for (int i = 0; i < 2; i++) {
            YamlNode.Mapping p = m.require(names[i], "{topology: XxYxZ, layout: ...}").asMapping()
                    .onlyKeys(Set.of("topology", "layout"));
            YamlNode t = p.require("topology", "the pool's slice shape, e.g. 4x4x4");
            topology[i] = t.asScalar().asString();
            try {
                systems[i] = Disaggregation.system(system.chip(), topology[i]);
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
            if (systems[i].slice().shape().planar() != (system.chip().torus().dimensions() == 2)) {
                throw t.error("chip " + system.chip().name() + " is wired as a " + system.chip().torus().dimensions()
                        + "D torus; found the shape '" + topology[i] + "'");
            }
            plans[i] = p.has("layout") ? LayoutReader.read(p.require("layout", "")) : LayoutPlan.AUTO;
            StepLayouts poolLayouts = new StepLayouts(plans[i], model, MeshSplit.of(systems[i].slice().shape()));
            long longest = 0;
            long need = 0;
            for (Request r : requests.requests()) {
                longest = Math.max(longest, r.inputTokens());
                need = Math.max(need, i == 0 ? r.cachedTokens() + r.inputTokens() : r.finalContextTokens());
            }
            try {
                ShapeBuckets b = new ShapeBuckets((ph, bb, l, c) -> 0, poolLayouts, batching.maxBatch());
                for (long n = 1; n <= batching.maxBatch(); n = n < batching.maxBatch() && 2 * n > batching.maxBatch()
                        ? batching.maxBatch() : 2 * n) {
                    if (i == 0) {
                        b.batchBucket(Phase.PREFILL, (int) n, ShapeBuckets.promptBucket(longest));
                    } else {
                        b.batchBucket(Phase.DECODE, (int) n, 1);
                    }
                }
                KvCacheBudget kv = KvCacheBudget.of(poolLayouts, system.chip(), batching.maxBatch(), longest);
                if (need > kv.tokens()) {
                    throw new IllegalArgumentException("a request needs " + need + " KV-cache positions but the "
                            + names[i] + " pool holds " + kv.tokens() + " (expected requests that fit alone)");
                }
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        YamlNode.Mapping k = m.require("kv_transfer", "{network: ici} or {network: dcn, bandwidth_bytes_per_s: B, "
                + "latency_ns: T}").asMapping().onlyKeys(Set.of("network", "bandwidth_bytes_per_s", "latency_ns"));
        YamlNode net = k.require("network", "ici (both pools in one pod) or dcn (between pods, over host NICs)");
        String network = net.asScalar().asString();
        Pools transfer;
        if (network.equals("ici")) {
            if (k.has("bandwidth_bytes_per_s") || k.has("latency_ns")) {
                throw k.error("over ICI the transfer takes the links between the pools from the chip catalog "
                        + "(expected no bandwidth_bytes_per_s or latency_ns)");
            }
            // the two slices face each other across a plane of the smaller one: X x Y links of the catalog's rate
            long face = Math.min((long) systems[0].slice().shape().x() * systems[0].slice().shape().y(),
                    (long) systems[1].slice().shape().x() * systems[1].slice().shape().y());
            transfer = new Pools("ici", face * system.chip().effectiveLinkBandwidthBytesPerSec(),
                    system.chip().hopLatencyNs());
        } else if (network.equals("dcn")) {
            double bw = within(k.require("bandwidth_bytes_per_s", "bytes per second between the pools, all hosts "
                    + "together"), 1e6, 1e15, "B/s");
            double lat = within(k.require("latency_ns", "fixed cost of one transfer"), 0, 1e9, "ns");
            transfer = new Pools("dcn", bw, lat);
        } else {
            throw net.error("unknown network " + net.asScalar().describe() + " (expected ici or dcn)");
        }
        return new Disaggregation(topology[0], Workload.RequestedLayouts.of(plans[0]), topology[1],
                Workload.RequestedLayouts.of(plans[1]), transfer);
    }

    /**
     * {@code speculative: {draft: {preset: ..., weights: ...}, tokens: k, acceptance: a | {uniform: [lo, hi]},
     * draft_slice: {topology: AxBxC, layout: ...}}} (draft_slice optional: without it the draft shares the target's
     * slice).
     */
    private static Speculation readSpeculative(YamlNode.Mapping m, Batching batching, KvPaging paging,
                                               ModelCatalog models, Path baseDir, long seed,
                                               Scenario.SystemConfig system, GenerationTrace requests) {
        m.onlyKeys(Set.of("draft", "tokens", "acceptance", "draft_slice"));
        if (batching.policy() != BatchingPolicyKind.CONTINUOUS || paging != null) {
            throw m.error("speculative decoding runs with the continuous policy and full-context KV reservations "
                    + "(not chunked or static, not kv_cache)");
        }
        ModelConfig draft = ModelSpecReader.read(m.require("draft", "the draft model, as a model: block")
                .asMapping(), models, baseDir);
        YamlNode t = m.require("tokens", "proposals per step, k");
        long k = t.asScalar().asLong();
        if (k < 1 || k > Speculation.MAX_TOKENS) {
            throw t.error("expected a whole number of proposals per step from 1 to " + Speculation.MAX_TOKENS
                    + ", found " + k);
        }
        YamlNode a = m.require("acceptance", "a rate from 0 to 1, or {uniform: [low, high]} per request");
        double lo;
        double hi;
        if (a instanceof YamlNode.Mapping am) {
            am.onlyKeys(Set.of("uniform"));
            YamlNode.Sequence u = am.require("uniform", "[low, high]").asSequence();
            if (u.size() != 2) {
                throw u.error("expected [low, high], found a list of " + u.size());
            }
            lo = within(u.get(0), 0, 1, "(a rate)");
            hi = within(u.get(1), lo, 1, "(a rate)");
        } else {
            lo = within(a, 0, 1, "(a rate)");
            hi = lo;
        }
        if (m.has("draft_slice")) {
            return readDraftSlice(m.require("draft_slice", "").asMapping(), draft, (int) k, lo, hi, seed, batching,
                    system, requests);
        }
        MeshSplit mesh = MeshSplit.of(system.slice().shape());
        StepLayouts draftLayouts = new StepLayouts(LayoutPlan.AUTO, draft, mesh);
        try {
            for (long b = 1; b <= batching.maxBatch(); b = b < batching.maxBatch() && 2 * b > batching.maxBatch()
                    ? batching.maxBatch() : 2 * b) {
                draftLayouts.runnableBatch(Phase.DECODE, (int) b, 1);
            }
        } catch (IllegalArgumentException e) {
            throw m.require("draft", "").error("the draft model cannot run on this slice: " + e.getMessage());
        }
        return new Speculation(draft, (int) k, lo, hi, seed);
    }

    /**
     * {@code draft_slice: {topology: AxBxC, layout: ...}}: the draft on a slice of its own of the scenario's chip.
     * Every batch the draft may decode and prefill runs there, its weights and activations fit its HBM, and every
     * request's KV fits there alone (the draft holds its KV for every position the target holds).
     */
    private static Speculation readDraftSlice(YamlNode.Mapping d, ModelConfig draft, int k, double lo, double hi,
                                              long seed, Batching batching, Scenario.SystemConfig system,
                                              GenerationTrace requests) {
        d.onlyKeys(Set.of("topology", "layout"));
        YamlNode t = d.require("topology", "the draft's slice shape, e.g. 2x2x1");
        String topology = t.asScalar().asString();
        Scenario.SystemConfig ds;
        try {
            ds = Disaggregation.system(system.chip(), topology);
        } catch (IllegalArgumentException e) {
            throw t.error(e.getMessage());
        }
        if (ds.slice().shape().planar() != (system.chip().torus().dimensions() == 2)) {
            throw t.error("chip " + system.chip().name() + " is wired as a " + system.chip().torus().dimensions()
                    + "D torus; found the shape '" + topology + "'");
        }
        LayoutPlan plan = d.has("layout") ? LayoutReader.read(d.require("layout", "")) : LayoutPlan.AUTO;
        StepLayouts layouts = new StepLayouts(plan, draft, MeshSplit.of(ds.slice().shape()));
        long longest = 0;
        long need = 0;
        for (Request r : requests.requests()) {
            longest = Math.max(longest, r.inputTokens());
            need = Math.max(need, KvCacheBudget.positions(draft, r.finalContextTokens()));
        }
        try {
            ShapeBuckets b = new ShapeBuckets((ph, bb, l, c) -> 0, layouts, batching.maxBatch());
            for (long n = 1; n <= batching.maxBatch(); n = n < batching.maxBatch() && 2 * n > batching.maxBatch()
                    ? batching.maxBatch() : 2 * n) {
                b.batchBucket(Phase.PREFILL, (int) n, ShapeBuckets.promptBucket(longest));
                b.batchBucket(Phase.DECODE, (int) n, 1);
            }
            KvCacheBudget kv = KvCacheBudget.of(layouts, system.chip(), batching.maxBatch(), longest);
            if (need > kv.tokens()) {
                throw new IllegalArgumentException("a request needs " + need + " KV-cache positions of the draft "
                        + "but its slice holds " + kv.tokens() + " (expected requests that fit alone)");
            }
        } catch (IllegalArgumentException e) {
            throw t.error("the draft model does not fit its slice: " + e.getMessage());
        }
        return new Speculation(draft, k, lo, hi, seed, topology, plan);
    }

    /** {@code kv_cache: {block_tokens: N, preemption: recompute|swap}}. */
    private static KvPaging readKvCache(YamlNode.Mapping m, Batching batching, Scenario.SystemConfig system) {
        m.onlyKeys(Set.of("block_tokens", "preemption"));
        if (batching.policy() == BatchingPolicyKind.STATIC) {
            throw m.error("a paged KV cache needs the continuous or chunked policy (static batching reserves its "
                    + "padded context for the batch's life)");
        }
        int blockTokens = KvPaging.DEFAULT_BLOCK_TOKENS;
        if (m.has("block_tokens")) {
            YamlNode b = m.require("block_tokens", "");
            long v = b.asScalar().asLong();
            if (v < 1 || v > KvPaging.MAX_BLOCK_TOKENS) {
                throw b.error("expected a whole number of positions per block from 1 to " + KvPaging.MAX_BLOCK_TOKENS
                        + ", found " + v);
            }
            blockTokens = (int) v;
        }
        KvPreemption preemption = KvPreemption.RECOMPUTE;
        if (m.has("preemption")) {
            YamlNode p = m.require("preemption", "");
            preemption = KvPreemption.fromKey(p.asScalar().asString()).orElseThrow(() -> p.error("unknown preemption "
                    + p.asScalar().describe() + " (expected one of " + KvPreemption.allKeys() + ")"));
            if (preemption == KvPreemption.SWAP && system.chip().hostLink().isEmpty()) {
                throw p.error("swap needs the chip's host link, and chip " + system.chip().name()
                        + " has no host_link in the catalog");
            }
        }
        return new KvPaging(blockTokens, preemption);
    }

    private static Batching readBatching(YamlNode.Mapping m) {
        m.onlyKeys(BATCHING_KEYS);
        YamlNode p = m.require("policy", "one of " + BatchingPolicyKind.allKeys());
        BatchingPolicyKind policy = BatchingPolicyKind.fromKey(p.asScalar().asString()).orElseThrow(() -> p.error(
                "unknown batching policy " + p.asScalar().describe() + " (expected one of "
                        + BatchingPolicyKind.allKeys() + ")"));
        YamlNode b = m.require("max_batch", "the most sequences in one pass, a positive whole number");
        int maxBatch = b.asScalar().asInt();
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw b.error("expected a positive number of sequences, at most " + MAX_BATCH + " (2^16), found "
                    + maxBatch);
        }
        double maxWaitMs = 0;
        if (m.has("max_wait_ms")) {
            YamlNode w = m.require("max_wait_ms", "");
            if (policy != BatchingPolicyKind.STATIC) {
                throw w.error("only the static policy waits to fill a batch (continuous and chunked admit at every "
                        + "step)");
            }
            maxWaitMs = w.asScalar().asDouble();
            if (maxWaitMs < 0 || maxWaitMs > MAX_WAIT_MS) {
                throw w.error("expected a time in ms from 0 to " + (long) MAX_WAIT_MS + " ms (one day), found "
                        + maxWaitMs);
            }
        }
        long tokenBudget = Batching.DEFAULT_TOKEN_BUDGET;
        if (m.has("token_budget")) {
            YamlNode t = m.require("token_budget", "");
            if (policy != BatchingPolicyKind.CHUNKED) {
                throw t.error("only the chunked policy has a token budget per pass");
            }
            tokenBudget = t.asScalar().asLong();
            if (tokenBudget < 1 || tokenBudget > MAX_TOKEN_BUDGET) {
                throw t.error("expected a whole number of tokens per pass from 1 to " + MAX_TOKEN_BUDGET
                        + " (2^20), found " + tokenBudget);
            }
        }
        return new Batching(policy, maxBatch, maxWaitMs * 1e6, tokenBudget);
    }

    private static SyntheticWorkload readSynthetic(YamlNode.Mapping m, long scenarioSeed) {
        m.onlyKeys(SYNTHETIC_KEYS);
        YamlNode n = m.require("requests", "the number of requests to generate");
        long count = n.asScalar().asLong();
        if (count < 1 || count > TraceReader.MAX_REQUESTS) {
            throw n.error("expected a positive number of requests, at most " + TraceReader.MAX_REQUESTS + ", found "
                    + count);
        }
        long seed = m.optional("seed").map(s -> s.asScalar().asLong()).orElse(scenarioSeed);
        ArrivalProcess arrivals = readArrivals(m.require("arrivals",
                "{process: poisson, rate_per_s: R} or {process: gamma, rate_per_s: R, cv: C}").asMapping());
        LengthDistribution input = readLength(m.require("input_tokens", "a length distribution"), 1);
        LengthDistribution output = readLength(m.require("output_tokens", "a length distribution"), 1);
        LengthDistribution cached = m.has("cached_tokens") ? readLength(m.require("cached_tokens", ""), 0)
                : new LengthDistribution.Fixed(0);
        SyntheticWorkload.SharedPrefixes prefixes = null;
        if (m.has("prefixes")) {
            YamlNode.Mapping p = m.require("prefixes", "").asMapping().onlyKeys(Set.of("share", "count", "tokens"));
            double share = within(p.require("share", "the share of requests that start with a shared prefix"), 0, 1,
                    "(a share)");
            YamlNode c = p.require("count", "how many distinct shared prefixes");
            long distinct = c.asScalar().asLong();
            if (distinct < 1 || distinct > MAX_PREFIXES) {
                throw c.error("expected a whole number of prefixes from 1 to " + MAX_PREFIXES + ", found " + distinct);
            }
            long tokens = atLeast(p.require("tokens", "each prefix's length in tokens"), 1);
            prefixes = new SyntheticWorkload.SharedPrefixes(share, (int) distinct, tokens);
        }
        return new SyntheticWorkload((int) count, arrivals, input, output, cached, seed, prefixes);
    }

    private static ArrivalProcess readArrivals(YamlNode.Mapping m) {
        YamlNode p = m.require("process", "poisson or gamma");
        String process = p.asScalar().asString();
        double rate = within(m.require("rate_per_s", "the mean arrival rate, requests per second"), MIN_RATE_PER_S,
                MAX_RATE_PER_S, "requests per second");
        switch (process) {
            case "poisson" -> {
                m.onlyKeys(Set.of("process", "rate_per_s"));
                return new ArrivalProcess.Poisson(rate);
            }
            case "gamma" -> {
                m.onlyKeys(Set.of("process", "rate_per_s", "cv"));
                return new ArrivalProcess.Gamma(rate, within(m.require("cv",
                        "the coefficient of variation of the gaps (1: Poisson)"), MIN_CV, MAX_CV, "(a ratio)"));
            }
            default -> throw p.error("unknown arrival process " + p.asScalar().describe()
                    + " (expected poisson or gamma)");
        }
    }

    private static LengthDistribution readLength(YamlNode node, long min) {
        String expected = "one of {fixed: N}, {uniform: [A, B]}, {lognormal: {median: M, sigma: S[, min: A, max: B]}}"
                + " with values >= " + min;
        YamlNode.Mapping m = node.asMapping();
        if (m.entries().size() != 1) {
            throw node.error("expected " + expected);
        }
        String kind = m.entries().keySet().iterator().next();
        YamlNode v = m.require(kind, "");
        LengthDistribution d = switch (kind) {
            case "fixed" -> new LengthDistribution.Fixed(atLeast(v, 0));
            case "uniform" -> {
                YamlNode.Sequence s = v.asSequence();
                if (s.size() != 2) {
                    throw s.error("expected [A, B], found a list of " + s.size());
                }
                long a = atLeast(s.get(0), 0);
                long b = atLeast(s.get(1), a);
                yield new LengthDistribution.Uniform(a, b);
            }
            case "lognormal" -> {
                YamlNode.Mapping l = v.asMapping().onlyKeys(Set.of("median", "sigma", "min", "max"));
                double median = within(l.require("median", "the median length in tokens"), 1, TraceReader.MAX_TOKENS,
                        "tokens");
                double sigma = within(l.require("sigma", "the standard deviation of ln(length), >= 0"), 0, MAX_SIGMA,
                        "(ln tokens)");
                long lo = l.has("min") ? atLeast(l.require("min", ""), 0) : 1;
                long hi = l.has("max") ? atLeast(l.require("max", ""), lo) : 32768;
                yield new LengthDistribution.LogNormal(median, sigma, lo, hi);
            }
            default -> throw v.error("unknown length distribution '" + kind + "' (expected " + expected + ")");
        };
        if (d.min() < min) {
            throw node.error("lengths can be " + d.min() + " (expected every length >= " + min + ")");
        }
        return d;
    }

    /** A token count from {@code min} to {@link TraceReader#MAX_TOKENS}. */
    private static long atLeast(YamlNode n, long min) {
        long v = n.asScalar().asLong();
        if (v < min || v > TraceReader.MAX_TOKENS) {
            throw n.error("expected a whole number of tokens from " + min + " to " + TraceReader.MAX_TOKENS
                    + ", found " + v);
        }
        return v;
    }

    /** A number from {@code min} to {@code max} in {@code unit}; a minimum of 0 is inclusive, others too. */
    private static double within(YamlNode n, double min, double max, String unit) {
        double v = n.asScalar().asDouble();
        if (!(v >= min && v <= max) || (min == 0 && v < 0)) {
            throw n.error("expected a " + (min > 0 ? "positive " : "") + "number from " + min + " to " + max + " "
                    + unit + ", found " + v);
        }
        return v;
    }

    /** Every batch the policy may form can run, the weights fit, and every request fits in the KV cache alone. */
    private static void checkRunnable(YamlNode.Mapping node, GenerationTrace trace, StepLayouts layouts,
                                      Scenario.SystemConfig system, Batching batching, KvPaging paging,
                                      PrefixCaching prefixes, StepLayouts draft) {
        long longestPrompt = 0;
        Set<Long> promptBuckets = new HashSet<>();
        for (Request r : trace.requests()) {
            longestPrompt = Math.max(longestPrompt, r.inputTokens());
            promptBuckets.add(ShapeBuckets.promptBucket(r.inputTokens()));
        }
        if (batching.policy() == BatchingPolicyKind.CHUNKED) {
            // chunks: every bucket up to the budget's (a prompt's last chunk pads up to its bucket)
            promptBuckets.clear();
            long longestChunk = Math.min(longestPrompt, batching.tokenBudget());
            for (long c = 1; c <= longestChunk; c = c < ShapeBuckets.PROMPT_BUCKET_TOKENS ? 2 * c
                    : c + ShapeBuckets.PROMPT_BUCKET_TOKENS) {
                promptBuckets.add(c);
            }
            promptBuckets.add(ShapeBuckets.promptBucket(longestChunk));
        }
        ShapeBuckets buckets = new ShapeBuckets((p, b, l, c) -> 0, layouts, batching.maxBatch());
        YamlNode batchingNode = node.require("batching", "");
        try {
            // the buckets a batch of 1..max_batch pads to: the powers of two below max_batch, and max_batch
            for (long b = 1; b <= batching.maxBatch(); b = b < batching.maxBatch() && 2 * b > batching.maxBatch()
                    ? batching.maxBatch() : 2 * b) {
                buckets.batchBucket(Phase.DECODE, (int) b, 1);
                for (long l : promptBuckets) {
                    buckets.batchBucket(Phase.PREFILL, (int) b, l);
                }
            }
        } catch (IllegalArgumentException e) {
            throw batchingNode.error(e.getMessage());
        }
        KvCacheBudget kv;
        try {
            kv = KvCacheBudget.of(layouts, system.chip(), batching.maxBatch(), longestPrompt, draft);
        } catch (IllegalArgumentException e) {
            throw node.error("the model does not fit for serving: " + e.getMessage());
        }
        // with paging a request needs whole blocks: the slice holds (tokens / block) blocks of block positions
        long holds = paging == null ? kv.tokens()
                : (kv.tokens() / paging.blockTokens() - (prefixes == null ? 0 : prefixes.capacityBlocks()))
                * paging.blockTokens();
        if (prefixes != null && holds <= 0) {
            throw node.require("prefix_cache", "").asMapping().require("capacity_blocks", "").error("the prefix cache "
                    + "takes " + prefixes.capacityBlocks() + " of the slice's " + kv.tokens() / paging.blockTokens()
                    + " blocks (expected fewer, leaving blocks for the running sequences)");
        }
        for (Request r : trace.requests()) {
            long positions = KvCacheBudget.positions(layouts.model(), r.finalContextTokens());
            long needs = paging == null ? positions
                    : (positions + paging.blockTokens() - 1) / paging.blockTokens() * paging.blockTokens();
            if (needs > holds) {
                String problem = "the request needs " + needs + " KV-cache positions (history "
                        + "+ prompt + output" + (paging == null ? "" : ", in blocks of " + paging.blockTokens())
                        + ") but the slice holds " + holds + " (expected requests that fit alone)";
                if (r.line() > 0) {
                    // a trace row: name the row and its longest length's column
                    throw new InputException(trace.origin(), r.line(), TraceReader.longestColumn(trace, r), problem);
                }
                throw node.require("synthetic", "").error("synthetic request " + r.id() + ": " + problem);
            }
        }
    }
}
