package org.tpusim.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tpusim.layout.FfnLayout;
import org.tpusim.model.DType;
import org.tpusim.model.Phase;

class KeysTest {
    @Test
    void allKeys_joinsTheKeysInDeclarationOrder() {
        assertEquals("ws-1d, ws-2d, wg-x, wg-xy, wg-xyz", Keys.allKeys(FfnLayout.class));
        assertEquals("bf16, int8, fp8", Keys.allKeys(DType.class));
        assertEquals("prefill, decode", Keys.allKeys(Phase.class));
        assertEquals(DType.allKeys(), Keys.allKeys(DType.class));
    }

    @Test
    void fromKey_matchesTheExactSpellingOnly() {
        assertEquals(Optional.of(FfnLayout.WS_2D), Keys.fromKey(FfnLayout.class, "ws-2d"));
        assertEquals(Optional.empty(), Keys.fromKey(FfnLayout.class, "WS-2D"));
        assertEquals(Optional.empty(), Keys.fromKey(Phase.class, ""));
        assertEquals(Optional.of(Phase.DECODE), Keys.fromKey(Phase.class, "decode"));
    }
}
