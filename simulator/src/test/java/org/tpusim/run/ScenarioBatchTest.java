package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tpusim.input.InputException;

class ScenarioBatchTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 40).boxed().toList();

    private static ScenarioBatch<Integer, Integer> batch(int threads) {
        return new ScenarioBatch<>(threads, "test", i -> "item " + i);
    }

    @Test
    void resultsAndInOrderCalls_areInInputOrder_whateverTheThreads() {
        for (int threads : new int[] {1, 4}) {
            List<Integer> inOrder = new ArrayList<>();
            List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
            List<Integer> out = batch(threads).run(ITEMS, i -> {
                Thread.sleep((40 - i) % 7);
                return i * i;
            }, new ScenarioBatch.Listener<>() {
                @Override
                public void finished(int index, Integer item, Integer result, int done, int total) {
                    finished.add(done);
                    assertEquals(40, total);
                }

                @Override
                public void inOrder(int index, Integer item, Integer result) {
                    inOrder.add(index);
                    assertEquals(item * item, result);
                }
            });
            assertEquals(ITEMS.stream().map(i -> i * i).toList(), out);
            assertEquals(ITEMS, inOrder);
            assertEquals(ITEMS.stream().map(i -> i + 1).toList(), finished);   // done counts 1..40, one at a time
        }
    }

    @Test
    void aFailure_namesTheItem_andInputErrorsPassThrough() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch(3).run(ITEMS, i -> {
            if (i == 5) {
                throw new ArithmeticException("boom");
            }
            return i;
        }, null));
        assertEquals("item 5 failed: boom", e.getMessage());
        InputException input = new InputException("f.yaml", 1, "k", "bad");
        assertSame(input, assertThrows(InputException.class, () -> batch(2).run(ITEMS, i -> {
            throw input;
        }, null)));
    }

    @Test
    void itemsBeforeAFailure_areDeliveredInOrder() {
        List<Integer> delivered = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> batch(1).run(ITEMS, i -> {
            if (i == 3) {
                throw new IllegalArgumentException("x");
            }
            return i;
        }, new ScenarioBatch.Listener<>() {
            @Override
            public void inOrder(int index, Integer item, Integer result) {
                delivered.add(index);
            }
        }));
        assertEquals(List.of(0, 1, 2), delivered);
        assertTrue(batch(2).run(List.of(), i -> i, null).isEmpty());
    }
}
