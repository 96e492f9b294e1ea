package org.tpusim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.model.DType;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;
import org.tpusim.workload.BatchingPolicyKind;
import org.tpusim.workload.OnBadRows;

/**
 * The machine-readable form of a {@link RunResult}: {@code results.json}. Keys are snake_case record
 * component names in declaration order, so the same result always gives the same bytes (only
 * {@code run.wall_time_s} and, for traces, {@code run.pass_wall_s} vary between identical runs). Layout:
 * {@code tpusim_version, kind, scenario, simulated, analytical, <kind-specific fields>, run}.
 */
public final class ResultsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("tpusim")
                    .addSerializer(ChipCoord.class, new CoordSerializer())
                    .addSerializer(MeshAxes.class, new ToStringSerializer(MeshAxes.class))
                    .addSerializer(CollectiveKind.class, new KeySerializer<>(CollectiveKind.class, CollectiveKind::key))
                    .addSerializer(CollectiveAlgorithm.class,
                            new KeySerializer<>(CollectiveAlgorithm.class, CollectiveAlgorithm::key))
                    .addSerializer(MultiAxis.class, new KeySerializer<>(MultiAxis.class, MultiAxis::key))
                    .addSerializer(DType.class, new KeySerializer<>(DType.class, DType::key))
                    .addSerializer(FfnLayout.class, new KeySerializer<>(FfnLayout.class, FfnLayout::key))
                    .addSerializer(AttentionLayout.class,
                            new KeySerializer<>(AttentionLayout.class, AttentionLayout::key))
                    .addSerializer(OnBadRows.class, new KeySerializer<>(OnBadRows.class, OnBadRows::key))
                    .addSerializer(NetworkModel.class, new KeySerializer<>(NetworkModel.class, NetworkModel::key))
                    .addSerializer(BatchingPolicyKind.class,
                            new KeySerializer<>(BatchingPolicyKind.class, BatchingPolicyKind::key))
                    .addSerializer(org.tpusim.workload.KvPreemption.class, new KeySerializer<>(
                            org.tpusim.workload.KvPreemption.class, org.tpusim.workload.KvPreemption::key)))
            .addMixIn(org.tpusim.model.ModelConfig.class, ModelConfigJson.class)
            .addMixIn(org.tpusim.layout.PhaseLayout.class, PhaseLayoutJson.class)
            .addMixIn(org.tpusim.model.MoeConfig.class, MoeConfigJson.class)
            .addMixIn(org.tpusim.model.MoeConfig.Routing.class, RoutingJson.class)
            .addMixIn(org.tpusim.workload.Speculation.class, SpeculationJson.class)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .propertyNamingStrategy(new SnakeCaseUnits())
            // records serialise their components only: derived isX() methods would be added in reflection
            // order, which the JVM does not fix, and results must be byte-for-byte reproducible
            .disable(com.fasterxml.jackson.databind.MapperFeature.AUTO_DETECT_IS_GETTERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultsJson() {
    }

    /** An MoE model's experts under "moe" (absent for a dense model), not as an Optional. */
    private abstract static class ModelConfigJson {
        @com.fasterxml.jackson.annotation.JsonIgnore
        abstract java.util.Optional<org.tpusim.model.MoeConfig> moe();

        @com.fasterxml.jackson.annotation.JsonProperty("moe")
        abstract org.tpusim.model.MoeConfig moeOrNull();
    }

    /**
     * The expert widths under their scenario keys ({@code MoeParameter}: expert_d_ff, shared_d_ff, as d_ff), not
     * the snake_case of the Java names (expert_dff): one name per concept in scenarios and results.
     */
    /** A speculation's echo: the draft's slice by its topology (its layout plan is an input form, not echoed). */
    private abstract static class SpeculationJson {
        @com.fasterxml.jackson.annotation.JsonIgnore
        abstract org.tpusim.layout.LayoutPlan draftLayout();
    }

    private abstract static class MoeConfigJson {
        @com.fasterxml.jackson.annotation.JsonProperty("expert_d_ff")
        abstract int expertDff();

        @com.fasterxml.jackson.annotation.JsonProperty("shared_d_ff")
        abstract int sharedDff();
    }

    /** A layout's expert axes under "experts" (absent for a dense model), not as an Optional. */
    private abstract static class PhaseLayoutJson {
        @com.fasterxml.jackson.annotation.JsonIgnore
        abstract java.util.Optional<MeshAxes> experts();

        @com.fasterxml.jackson.annotation.JsonProperty("experts")
        abstract MeshAxes expertsOrNull();
    }

    /** The routing by its kind's key; the load file under its scenario key {@code file} (Java: source). */
    private abstract static class RoutingJson {
        @com.fasterxml.jackson.annotation.JsonIgnore
        abstract org.tpusim.model.RoutingKind kind();

        @com.fasterxml.jackson.annotation.JsonProperty("kind")
        abstract String kindKey();

        @com.fasterxml.jackson.annotation.JsonProperty("file")
        abstract String source();
    }

    public static ObjectNode tree(RunResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tpusim_version", r.tpusimVersion());
        root.put("kind", r.result().kind());
        root.set("scenario", scenario(r.scenario()));
        ObjectNode body = MAPPER.valueToTree(r.result());
        // a trace's per-request rows go to requests.csv (RequestsCsv), not into results.json
        body.remove("requests");
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            root.set(e.getKey(), e.getValue());
        }
        // whether the configuration lies in the region the calibration covers (batch and trace workloads)
        org.tpusim.validation.CalibrationRegion.Check calibration =
                org.tpusim.validation.CalibrationRegion.bundled().check(r.scenario());
        if (calibration != null) {
            root.set("calibration", MAPPER.valueToTree(calibration));
        }
        ObjectNode run = MAPPER.valueToTree(r.run());
        // wall-clock figures vary between identical runs, so they all live under run (README, results.json)
        if (root.get("shapes") instanceof ObjectNode shapes && shapes.has("pass_wall_s")) {
            run.set("pass_wall_s", shapes.remove("pass_wall_s"));
        }
        root.set("run", run);
        return root;
    }

    private static ObjectNode scenario(ScenarioEcho echo) {
        ObjectNode s = MAPPER.valueToTree(echo);
        ObjectNode workload = MAPPER.createObjectNode();
        workload.put("kind", echo.workload().kind());
        workload.setAll((ObjectNode) MAPPER.valueToTree(echo.workload()));
        // the requests a trace read or generated are in requests.csv; the echo keeps their count
        if (workload.has("requests")) {
            JsonNode requests = workload.get("requests");
            workload.remove("requests");
            if (requests.has("requests")) {
                workload.put("request_count", requests.get("requests").size());
            }
        }
        // a batching key that only one policy reads is echoed only under that policy
        if (workload.get("batching") instanceof ObjectNode b && !"chunked".equals(b.path("policy").asText())) {
            b.remove("token_budget");
        }
        s.set("workload", workload);
        return s;
    }

    /**
     * snake_case names with the units spelled as the catalog spells them: Java's {@code ...PerSec} becomes
     * {@code ..._per_s} (as in {@code link_bandwidth_bytes_per_s}).
     */
    private static final class SnakeCaseUnits extends PropertyNamingStrategies.NamingBase {
        private final PropertyNamingStrategies.NamingBase snake =
                (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

        @Override
        public String translate(String name) {
            return snake.translate(name).replace("_per_sec", "_per_s");
        }
    }

    /** Chip coordinates as [x, y, z], the way scenario files write them. */
    private static final class CoordSerializer extends StdSerializer<ChipCoord> {
        CoordSerializer() {
            super(ChipCoord.class);
        }

        @Override
        public void serialize(ChipCoord c, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeArray(new int[] {c.x(), c.y(), c.z()}, 0, 3);
        }
    }

    /** A closed choice as the key scenario files use for it (e.g. all-gather), not its Java name. */
    private static final class KeySerializer<T> extends StdSerializer<T> {
        private final java.util.function.Function<T, String> key;

        KeySerializer(Class<T> type, java.util.function.Function<T, String> key) {
            super(type);
            this.key = key;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(key.apply(value));
        }
    }

    public static String write(RunResult r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise result of " + r.scenario().name(), e);
        }
    }
}
