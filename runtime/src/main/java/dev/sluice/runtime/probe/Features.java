package dev.sluice.runtime.probe;

import java.util.List;
import java.util.Map;

/** The results of a {@link FeatureProbe}, named as {@code bpftool feature probe} names them. */
public record Features(String kernel, Map<String, Support> programTypes, Map<String, Support> mapTypes,
                       Map<String, List<String>> helpers, Map<String, Support> attach, Map<String, Support> isa,
                       Map<String, Support> misc) {
    /** Copies each map, keeping its iteration order (the kernel's enum order) for output. */
    public Features {
        programTypes = ordered(programTypes);
        mapTypes = ordered(mapTypes);
        helpers = ordered(helpers);
        attach = ordered(attach);
        isa = ordered(isa);
        misc = ordered(misc);
    }

    /** An unmodifiable copy that keeps the kernel's enum order for output. */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }

    /** The JSON object of docs/CLI.md's {@code sluice probe --format json}. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"kernel\":").append(quote(kernel));
        section(out, "program_types", programTypes);
        section(out, "map_types", mapTypes);
        out.append(",\n \"helpers\":{");
        String sep = "";
        for (Map.Entry<String, List<String>> e : helpers.entrySet()) {
            out.append(sep).append(quote(e.getKey())).append(":[");
            String inner = "";
            for (String h : e.getValue()) {
                out.append(inner).append(quote(h));
                inner = ",";
            }
            out.append(']');
            sep = ",";
        }
        out.append('}');
        section(out, "attach", attach);
        section(out, "isa", isa);
        section(out, "misc", misc);
        return out.append("}").toString();
    }

    private static void section(StringBuilder out, String name, Map<String, Support> values) {
        out.append(",\n \"").append(name).append("\":{");
        String sep = "";
        for (Map.Entry<String, Support> e : values.entrySet()) {
            out.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue().toString()));
            sep = ",";
        }
        out.append('}');
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    /** Aligned text for people: one line per feature, helpers counted per program type. */
    public String toTable() {
        StringBuilder out = new StringBuilder("kernel ").append(kernel).append('\n');
        table(out, "program types", programTypes);
        table(out, "map types", mapTypes);
        out.append("\nhelpers\n");
        helpers.forEach((type, list) -> out.append(String.format("  %-24s %d available%n", type, list.size())));
        table(out, "attach kinds", attach);
        table(out, "instruction set", isa);
        table(out, "other", misc);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Map<String, Support> values) {
        out.append('\n').append(title).append('\n');
        values.forEach((name, support) -> out.append(String.format("  %-24s %s%n", name, support)));
    }
}
