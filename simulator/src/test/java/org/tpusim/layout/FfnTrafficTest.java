package org.tpusim.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FfnTrafficTest {
    /** Figure 3's hypothetical model and slice: E = 16384, F = 65536, X = Y = Z = 4, bf16, two matrices. */
    private static final int E = 16384;
    private static final int F = 65536;
    private static final MeshSplit CUBE = new MeshSplit(4, 4, 4);

    private static double gb(FfnLayout layout, long tokens) {
        return FfnTraffic.perLayer(layout, E, F, 2, 2, CUBE, tokens).totalBytesPerChip() / 1e9;
    }

    /**
     * Pope et al. Fig 3, plotted values in GB per chip (read from the vector figure), to the digits given;
     * the tolerance is half a unit of the last printed digit.
     */
    @ParameterizedTest(name = "{0} at {1} tokens = {2} GB")
    @CsvSource({
            "WS_2D,  2048,    0.0671, 0.00005",
            "WS_2D,  16384,   0.537,  0.0005",
            "WS_2D,  131072,  4.295,  0.0005",
            "WS_2D,  1048576, 34.36,  0.005",
            "WG_X,   2048,    0.302,  0.0005",
            "WG_X,   65536,   1.342,  0.0005",
            "WG_X,   1048576, 17.45,  0.005",
            "WG_XY,  2048,    1.082,  0.0005",
            "WG_XY,  262144,  2.147,  0.0005",
            "WG_XY,  1048576, 5.369,  0.0005",
            "WG_XYZ, 2048,    4.295,  0.0005",
            "WG_XYZ, 1048576, 4.295,  0.0005",
    })
    void figure3Volumes(FfnLayout layout, long tokens, double expectedGb, double tolerance) {
        assertEquals(expectedGb, gb(layout, tokens), tolerance);
    }

    /**
     * Crossovers from the formulas (sec. 3.2; digest of Fig 3): WS = 32768 B/token; X-WG = 2^28 B + 16384 B/token,
     * equal at 2^28 / 16384 = 16,384 tokens; XY-WG = 2^30 B + 4096 B/token, equal to X-WG at
     * (2^30 - 2^28) / 12288 = 65,536; XYZ-WG = 2^32 B, equal to XY-WG at (2^32 - 2^30) / 4096 = 786,432.
     */
    @ParameterizedTest(name = "{0} = {1} at {2} tokens")
    @CsvSource({
            "WS_2D, WG_X,   16384",
            "WG_X,  WG_XY,  65536",
            "WG_XY, WG_XYZ, 786432",
    })
    void crossovers(FfnLayout cheaperBelow, FfnLayout cheaperAbove, long tokens) {
        assertEquals(gb(cheaperBelow, tokens), gb(cheaperAbove, tokens), 1e-12);
        assertTrue(gb(cheaperBelow, tokens / 2) < gb(cheaperAbove, tokens / 2));
        assertTrue(gb(cheaperBelow, tokens * 2) > gb(cheaperAbove, tokens * 2));
    }

    @Test
    void ws1d_isTwoTokensTimesE_independentOfChips() {
        // sec. 3.2.1: 2 B L E elements; 1000 tokens x 16384 x 2 x 2 B = 65,536,000 B on 64 or 8 chips
        assertEquals(65_536_000, FfnTraffic.perLayer(FfnLayout.WS_1D, E, F, 2, 2, CUBE, 1000).totalBytesPerChip());
        assertEquals(65_536_000, FfnTraffic.perLayer(FfnLayout.WS_1D, E, F, 2, 2, new MeshSplit(2, 2, 2), 1000)
                .totalBytesPerChip());
    }

    @Test
    void int8Weights_halveTheGatheredVolumeOnly() {
        // XY-WG at 2048 tokens: weights 2 x 16384 x 65536 x 16/64 x 1 B = 536,870,912; activations 2048 x 4096 = 8,388,608
        FfnTraffic t = FfnTraffic.perLayer(FfnLayout.WG_XY, E, F, 2, 1, CUBE, 2048);
        assertEquals(536_870_912, t.weightBytesPerChip());
        assertEquals(8_388_608, t.activationBytesPerChip());
    }

    @Test
    void gatedFfn_gathersThreeMatrices() {
        // XYZ-WG: 3 x 16384 x 65536 x 2 B = 6,442,450,944
        assertEquals(6_442_450_944.0, FfnTraffic.perLayer(FfnLayout.WG_XYZ, E, F, 3, 2, CUBE, 1).totalBytesPerChip());
    }

    @ParameterizedTest(name = "{0} on one chip moves nothing")
    @CsvSource({"WS_1D", "WS_2D", "WG_X", "WG_XY", "WG_XYZ"})
    void oneChip_movesNothing(FfnLayout layout) {
        assertEquals(0, FfnTraffic.perLayer(layout, E, F, 2, 2, new MeshSplit(1, 1, 1), 4096).totalBytesPerChip());
    }

    @Test
    void ws2dWithXOfOne_dropsTheXCollectives() {
        // 1x4x4: only all-gather(yz) and reduce-scatter(yz) of T E / X: 2 x 10 x 16384 x 2 B = 655,360
        assertEquals(655_360, FfnTraffic.perLayer(FfnLayout.WS_2D, E, F, 2, 2, new MeshSplit(1, 4, 4), 10)
                .totalBytesPerChip());
    }
}
