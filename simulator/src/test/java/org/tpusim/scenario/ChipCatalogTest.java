package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.hardware.ParameterValue;
import org.tpusim.input.InputException;

class ChipCatalogTest {

    @Test
    void tpuV4FiguresAreThePapers() {
        ChipSpec v4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();
        assertEquals(275e12, v4.peakFlopsPerSec());                 // Pope et al. sec. 4
        assertEquals(32.0 * (1L << 30), v4.hbmCapacityBytes());     // 32 GiB
        assertEquals(1200e9, v4.hbmBandwidthBytesPerSec());         // 1200 GB/s
        // six links of 45 GB/s per direction make the paper's 270 GB/s per chip
        assertEquals(270e9, 6 * v4.linkBandwidthBytesPerSec(), 1e-3);
    }

    @Test
    void everyParameterOfEveryChipHasASource() {
        ChipCatalog c = ChipCatalog.bundled();
        assertFalse(c.names().isEmpty());
        for (String name : c.names()) {
            for (ParameterValue v : c.find(name).orElseThrow().parameters().values()) {
                assertTrue(v.source().length() > 20, name + "." + v.parameter().key() + " lacks a real source");
            }
        }
    }

    @Test
    void aCatalogEntryMissingAParameterIsRejectedWithItsName() {
        String yaml = """
                chips:
                  toy:
                    peak_flops_per_s: {value: 1e12, source: test}
                    peak_int8_ops_per_s: {value: 0, source: test}
                    peak_fp8_flops_per_s: {value: 0, source: test}
                """;
        InputException e = assertThrows(InputException.class, () -> ChipCatalog.fromYaml("c.yaml", yaml));
        assertTrue(e.getMessage().contains("lacks parameter hbm_capacity_bytes"), e.getMessage());
        assertTrue(e.getMessage().startsWith("c.yaml:3: chips.toy:"), e.getMessage());
    }

    @Test
    void hostLink_isPcieGen3x16OnTpuV4_andOutOfRangeValuesNameTheKey() {
        org.tpusim.hardware.HostLink v4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow().hostLink().orElseThrow();
        // 16 lanes x 8 GT/s x 128/130 encoding / 8 bits
        assertEquals(16 * 8e9 * 128 / 130 / 8, v4.bandwidthBytesPerSec(), 0.01e9);
        assertEquals(1000 + 15.75e9 / 15.75e9 * 1e9, v4.transferNs(15.75e9), 1e-6);   // 1 us + 1 s for 15.75 GB
        for (String[] bad : new String[][] {{"bandwidth_bytes_per_s: 1e5", "expected a bandwidth from 1e6 to 1e15 B/s"},
                {"bandwidth_bytes_per_s: 2e15", "expected a bandwidth from 1e6 to 1e15 B/s"},
                {"latency_ns: -1", "expected a latency from 0 to 1e9 ns"}}) {
            String link = ("{bandwidth_bytes_per_s: 1e9, latency_ns: 10, source: s, " + bad[0] + "}")
                    .replace(bad[0].split(":")[0] + ": " + (bad[0].startsWith("b") ? "1e9" : "10") + ", ", "");
            String yaml = "chips:\n  toy:\n    host_link: " + link + "\n";
            InputException e = assertThrows(InputException.class, () -> ChipCatalog.fromYaml("c.yaml", yaml));
            assertTrue(e.getMessage().startsWith("c.yaml:3: chips.toy.host_link."), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
