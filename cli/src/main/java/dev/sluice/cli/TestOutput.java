package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.testing.FrameSummary;
import java.util.List;
import java.util.Locale;

/** The lines {@code sluice test} prints: jsonl (docs/CLI.md, "sluice test --format jsonl") and the table's. */
final class TestOutput {
    private TestOutput() {}

    static String jsonLine(int packet, String program, TestRunners.Result r) {
        StringBuilder out = new StringBuilder("{\"packet\":").append(packet).append(",\"program\":").append(Json.string(program))
                .append(",\"verdict\":").append(Json.string(r.verdict()));
        if (r.error() != null) out.append(",\"error\":").append(Json.string(r.error()));
        if (r.ns() != null) out.append(",\"ns\":").append(String.format(Locale.ROOT, "%.2f", r.ns()));
        return out.append("}\n").toString();
    }

    static String counterJson(String program, CounterValue c) {
        StringBuilder out = new StringBuilder("{\"counter\":").append(Json.string(c.name()))
                .append(",\"program\":").append(Json.string(program));
        c.key().ifPresent(k -> out.append(",\"key\":").append(keyJson(k)));
        return out.append(",\"value\":").append(Long.toUnsignedString(c.value())).append("}\n").toString();
    }

    /** A number for integers, a string for addresses and MACs, an array for tuples (docs/LANGUAGE.md, "Test output"). */
    private static String keyJson(List<Object> key) {
        if (key.size() == 1) return valueJson(key.get(0));
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < key.size(); i++) out.append(i > 0 ? "," : "").append(valueJson(key.get(i)));
        return out.append(']').toString();
    }

    private static String valueJson(Object v) {
        return v instanceof Long l ? Long.toUnsignedString(l) : Json.string(v.toString());
    }

    static String tableHeader(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder(String.format("%6s  ", "packet"));
        for (CompiledProgram p : programs) out.append(String.format("%-14s ", p.name()));
        return out.append("summary\n").toString();
    }

    static String tableLine(int packet, byte[] frame, List<TestRunners.Result> results) {
        StringBuilder out = new StringBuilder(String.format("%6d  ", packet));
        for (TestRunners.Result r : results) {
            String cell = r.verdict() + (r.ns() == null ? "" : String.format(Locale.ROOT, " %.1fns", r.ns()));
            out.append(String.format("%-14s ", cell));
        }
        return out.append(FrameSummary.of(frame)).append('\n').toString();
    }
}
