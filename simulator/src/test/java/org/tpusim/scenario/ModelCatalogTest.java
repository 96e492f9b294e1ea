package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.model.TransformerModel;

/**
 * The presets of today's models: the exact count from the catalogued dimensions against the published count.
 * Tolerance 1%: published counts are rounded to three significant figures (6.74B, 70.6B, 406B), and
 * {@link TransformerModel#parameterCount()} leaves out norm scales and biases (GPT-J's biases are ~3.4M, 0.06%).
 * The exact counts below are written out as arithmetic from the dimensions, so a wrong dimension fails too.
 */
class ModelCatalogTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, exact count by hand: layers x (2 E H Q + 2 E kv Q + m E F) + (1 or 2) V E
        "llama-2-7b,     6738149376",   // 32 x (2*4096*4096 + 2*4096*4096 + 3*4096*11008) + 2*32000*4096
        "llama-2-13b,    13015449600",  // 40 x (4*5120^2 + 3*5120*13824) + 2*32000*5120
        "llama-2-70b,    68975329280",  // 80 x (2*8192^2 + 2*8192*1024 + 3*8192*28672) + 2*32000*8192
        "llama-3.1-8b,   8029995008",   // 32 x (2*4096^2 + 2*4096*1024 + 3*4096*14336) + 2*128256*4096
        "llama-3.1-70b,  70552387584",  // 80 x (2*8192^2 + 2*8192*1024 + 3*8192*28672) + 2*128256*8192
        "llama-3.1-405b, 405849243648", // 126 x (2*16384^2 + 2*16384*1024 + 3*16384*53248) + 2*128256*16384
        "gemma-2b,       2506096640",   // 18 x (2*2048*2048 + 2*2048*256 + 3*2048*16384) + 256000*2048
        "gemma-7b,       8537505792",   // 28 x (4*3072*4096 + 3*3072*24576) + 256000*3072
        "gemma-2-9b,     9241100288",   // 42 x (2*3584*4096 + 2*3584*2048 + 3*3584*14336) + 256000*3584
        "gemma-2-27b,    27226275840",  // 46 x (2*4608*4096 + 2*4608*2048 + 3*4608*36864) + 256000*4608
        "gpt-j-6b,       6050021376",   // 28 x (4*4096^2 + 2*4096*16384) + 2*50400*4096
    })
    void exactCountFromDimensionsMatchesThePublishedCount(String name, long exact) {
        TransformerModel m = ModelCatalog.bundled().model(name);
        assertEquals(exact, m.parameterCount(), name);
        double error = Math.abs(m.parameterCount() - (double) m.nominalParams()) / m.nominalParams();
        assertTrue(error < 0.01, name + ": exact " + m.parameterCount() + " vs published " + m.nominalParams()
                + " differ by " + 100 * error + "%");
    }
}
