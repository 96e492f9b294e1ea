package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParetoTest {
    record P(String name, double x, double y) {
    }

    private static List<String> names(List<P> ps) {
        return ps.stream().map(P::name).toList();
    }

    @Test
    void frontier_keepsOnlyNonDominatedPoints_byIncreasingX() {
        // b dominates d (2 <= 3, 5 <= 6); c dominates e (4 = 4, 2 < 3); a is best in x, f best in y
        List<P> ps = List.of(new P("d", 3, 6), new P("a", 1, 9), new P("b", 2, 5), new P("e", 4, 3),
                new P("c", 4, 2), new P("f", 8, 1), new P("g", 9, 1));
        assertEquals(List.of("a", "b", "c", "f"), names(Pareto.frontier(ps, P::x, P::y, false)));
    }

    @Test
    void frontier_maximisingY_keepsPointsThatRaiseIt() {
        // y maximised: a (1, 0.1), b (2, 0.3) raises it, c (3, 0.2) is dominated by b, d (4, 0.5) raises it
        List<P> ps = List.of(new P("a", 1, 0.1), new P("b", 2, 0.3), new P("c", 3, 0.2), new P("d", 4, 0.5));
        assertEquals(List.of("a", "b", "d"), names(Pareto.frontier(ps, P::x, P::y, true)));
    }

    @Test
    void frontier_equalPoints_keepTheFirst_andSkipsNonPositive() {
        List<P> ps = List.of(new P("z", 0, 1), new P("a", 1, 1), new P("b", 1, 1), new P("n", 2, Double.NaN));
        assertEquals(List.of("a"), names(Pareto.frontier(ps, P::x, P::y, false)));
    }

    @Test
    void of_groupsByModelAndDtype_andSkipsInfeasiblePoints() {
        PointResult.Figures f1 = PointResult.Figures.of(0, 10, 0, 0.2, 0, 5);
        PointResult.Figures f2 = PointResult.Figures.of(0, 20, 0, 0.1, 0, 8);   // dominated on cost and MFU
        List<PointResult> ps = List.of(point(0, "bf16", f1), point(1, "bf16", f2), point(2, "int8", f2),
                new PointResult(3, "t/3", Map.of(), PointResult.INFEASIBLE, "no", null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null));
        List<Pareto.Frontier> fs = Pareto.of(ps);
        // per group (bf16, int8): decode cost and decode MFU; no prefill figures
        assertEquals(4, fs.size());
        assertEquals("m bf16", fs.get(0).group());
        assertEquals(Pareto.Kind.DECODE_COST, fs.get(0).kind());
        assertEquals(List.of(0), fs.get(0).frontier().stream().map(PointResult::index).toList());
        assertEquals(2, fs.get(0).candidates());
        assertEquals("m int8", fs.get(2).group());
    }

    private static PointResult point(int i, String dtype, PointResult.Figures f) {
        return new PointResult(i, "t/" + i, Map.of(), PointResult.OK, "", "m", dtype, null, null, "2x2x1", 4, 8, 0L,
                1L, "ws-2d + head", "ws-2d + batch", f, f, null, null);
    }
}
