package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.workload.GenerationTrace;
import org.tpusim.workload.OnBadRows;
import org.tpusim.workload.Request;

class TraceReaderTest {

    static GenerationTrace parse(OnBadRows mode, String... lines) {
        return TraceReader.parse("t.csv", List.of(lines), mode);
    }

    @Test
    void ourFormat_withOptionalCachedTokens() {
        GenerationTrace t = parse(OnBadRows.REJECT, "# comment", "arrival_s,input_tokens,output_tokens,cached_tokens",
                "0,64,64,1920", "", "0.5,10,2,");
        assertEquals("tpusim", t.format());
        assertEquals(new Request(0, 3, 0, 64, 1920, 64), t.requests().get(0));
        assertEquals(new Request(1, 5, 0.5e9, 10, 0, 2), t.requests().get(1));
    }

    @Test
    void ourFormat_withSharedPrefixColumns_andTheirErrors() {
        GenerationTrace t = parse(OnBadRows.REJECT, "arrival_s,input_tokens,output_tokens,prefix_id,prefix_tokens",
                "0,300,8,4,256", "1,40,8,,");
        assertEquals(new Request(0, 2, 0, 300, 0, 8, 4, 256), t.requests().get(0));
        assertEquals(new Request(1, 3, 1e9, 40, 0, 8), t.requests().get(1));
        assertEquals("t.csv:2: prefix_tokens: prefix of 301 tokens is longer than the prompt's 300 (expected a prefix "
                        + "within the prompt) (on_bad_rows: skip leaves such rows out and counts them)",
                assertThrows(InputException.class, () -> parse(OnBadRows.REJECT,
                        "arrival_s,input_tokens,output_tokens,prefix_id,prefix_tokens", "0,300,8,4,301")).getMessage());
        assertEquals("t.csv:2: prefix_tokens: expected prefix_id and prefix_tokens both set or both empty (on_bad_rows:"
                        + " skip leaves such rows out and counts them)",
                assertThrows(InputException.class, () -> parse(OnBadRows.REJECT,
                        "arrival_s,input_tokens,output_tokens,prefix_id,prefix_tokens", "0,300,8,4,")).getMessage());
        assertEquals("t.csv:1: prefix_id: expected both prefix_id and prefix_tokens columns, or neither",
                assertThrows(InputException.class, () -> parse(OnBadRows.REJECT,
                        "arrival_s,input_tokens,output_tokens,prefix_id", "0,300,8,4")).getMessage());
    }

    @Test
    void vidurFormat_ignoresOtherColumns() {
        GenerationTrace t = parse(OnBadRows.REJECT, "request_id,arrived_at,num_prefill_tokens,num_decode_tokens",
                "0,1.25,300,20");
        assertEquals("vidur", t.format());
        assertEquals(new Request(0, 2, 1.25e9, 300, 0, 20), t.requests().get(0));
    }

    @Test
    void azureFormat_dateTimesCountFromTheFirstRow() {
        GenerationTrace t = parse(OnBadRows.REJECT, "TIMESTAMP,ContextTokens,GeneratedTokens",
                "2023-11-16 18:15:46.6805900,4808,10", "2023-11-16 18:15:50.1805900,3180,8");
        assertEquals("azure", t.format());
        assertEquals(0, t.requests().get(0).arrivalNs(), 1);
        assertEquals(3.5e9, t.requests().get(1).arrivalNs(), 1e3);   // 3.5 s later (double epoch seconds: us)
        assertEquals(4808, t.requests().get(0).inputTokens());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative     | 1,-5,10  | t.csv:3: input_tokens: negative value -5 (expected >= 0)",
            "missing      | 1,5      | t.csv:3: output_tokens: missing value",
            "unparsable   | 1,5x,10  | t.csv:3: input_tokens: '5x' is not a number",
            "unsorted     | 0.5,5,10 | t.csv:3: arrival_s: arrival 0.5 s is before the previous row's 1.0 s",
            "fractional   | 1,5.5,10 | t.csv:3: input_tokens: '5.5' is not a whole number of tokens",
            "zero output  | 1,5,0    | t.csv:3: output_tokens: token count 0 (expected at least 1)",
    })
    void badRow_rejectNamesFileLineAndColumn(String name, String row, String message) {
        InputException e = assertThrows(InputException.class, () -> parse(OnBadRows.REJECT,
                "arrival_s,input_tokens,output_tokens", "1,5,10", row.replace(';', ','), "2,5,10"));
        assertEquals(3, e.line());
        assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void badRows_skipLeavesThemOutAndCountsThem() {
        GenerationTrace t = parse(OnBadRows.SKIP, "arrival_s,input_tokens,output_tokens", "1,5,10", "0.5,5,10",
                "2,x,1", "3,5,10");
        assertEquals(2, t.requests().size());
        List<Integer> lines = new ArrayList<>();
        t.skipped().forEach(s -> lines.add(s.line()));
        assertEquals(List.of(3, 4), lines);
        assertEquals(List.of(2, 5), t.requests().stream().map(Request::line).toList());
        assertEquals(1, t.requests().get(1).id());
    }

    @Test
    void unknownHeader_andEmptyFiles_areErrors() {
        InputException h = assertThrows(InputException.class, () -> parse(OnBadRows.SKIP, "time,in,out", "1,2,3"));
        assertEquals("t.csv:1: unrecognised header 'time,in,out' (expected columns arrival_s,input_tokens,output_tokens"
                + " | arrived_at,num_prefill_tokens,num_decode_tokens | TIMESTAMP,ContextTokens,GeneratedTokens)",
                h.getMessage());
        assertThrows(InputException.class, () -> parse(OnBadRows.REJECT, "# nothing"));
        InputException none = assertThrows(InputException.class, () -> parse(OnBadRows.SKIP,
                "arrival_s,input_tokens,output_tokens", "1,-1,1"));
        assertEquals("t.csv: no usable request rows (1 skipped)", none.getMessage());
    }
}
