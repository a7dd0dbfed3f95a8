package dev.sluice.runtime.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.compiler.testing.Requirements;
import dev.sluice.runtime.testing.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FeatureProbeTest {
    /** bpftool's booleans, "have_xdp_prog_type": true, by name. */
    static Map<String, Boolean> bpftool(String json, String suffix) {
        Map<String, Boolean> out = new java.util.HashMap<>();
        Matcher m = Pattern.compile("\"have_([a-z0-9_]+)_" + suffix + "\"\\s*:\\s*(true|false)").matcher(json);
        while (m.find()) out.put(m.group(1), Boolean.parseBoolean(m.group(2)));
        return out;
    }

    static List<String> disagreements(Map<String, Support> ours, Map<String, Boolean> theirs) {
        List<String> out = new ArrayList<>();
        ours.forEach((name, support) -> {
            Boolean b = theirs.get(name);
            if (b == null || !support.definite()) return;
            if ((support.kind() == Support.Kind.YES) != b) out.add(name + ": sluice " + support + ", bpftool " + b);
        });
        return out;
    }

    @Test
    void agreesWithBpftoolWhereBothAreDefinite() {
        KernelRequirement.bpf();
        String bpftool = Requirements.tool("bpftool", "bpftool");
        String json = Shell.run(bpftool, "feature", "probe", "kernel", "--json");
        Features f = FeatureProbe.probe();
        Map<String, Boolean> programs = bpftool(json, "prog_type");
        Map<String, Boolean> maps = bpftool(json, "map_type");
        assertTrue(programs.size() > 25 && maps.size() > 25, "parsed bpftool output");
        assertEquals(List.of(), disagreements(f.programTypes(), programs));
        assertEquals(List.of(), disagreements(f.mapTypes(), maps));
        long compared = f.programTypes().entrySet().stream()
                .filter(e -> e.getValue().definite() && programs.containsKey(e.getKey())).count()
                + f.mapTypes().entrySet().stream().filter(e -> e.getValue().definite() && maps.containsKey(e.getKey())).count();
        assertTrue(compared >= 50, "types compared: " + compared);
        // These need BTF to exist at all; bpftool builds it, and so must the probe.
        for (String type : List.of("sk_storage", "struct_ops", "inode_storage", "task_storage")) {
            assertTrue(f.mapTypes().get(type).definite() && maps.containsKey(type), type + ": sluice " + f.mapTypes().get(type)
                    + ", bpftool " + maps.get(type));
        }
        // bpftool never probes the helpers that write to the kernel log, nor ids newer than its libbpf.
        java.util.Set<String> probedByBpftool = new java.util.HashSet<>();
        Matcher all = Pattern.compile("\"bpf_[a-z0-9_]+\"").matcher(json);
        while (all.find()) probedByBpftool.add(all.group().replace("\"", ""));
        probedByBpftool.removeAll(List.of("bpf_trace_printk", "bpf_trace_vprintk", "bpf_probe_write_user"));
        for (String type : FeatureProbe.HELPER_PROGRAM_TYPES) {
            Matcher m = Pattern.compile("\"" + type + "_available_helpers\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
            assertTrue(m.find(), "bpftool lists helpers for " + type);
            // bpftool 7.1 misreads 6.18's "cannot use helper" as available, so it lists a superset.
            List<String> theirs = java.util.Arrays.stream(m.group(1).replace("\"", "").split(",")).map(String::strip).toList();
            List<String> extra = new ArrayList<>(f.helpers().get(type));
            extra.removeAll(theirs);
            extra.retainAll(probedByBpftool);
            assertEquals(List.of(), extra, "helpers Sluice finds for " + type + " but bpftool does not");
        }
        System.out.println("feature probe: " + compared + " program and map types agree with bpftool");
    }

    @Test
    void answersForThisKernel() {
        KernelRequirement.bpf();
        Features f = FeatureProbe.probe();
        assertEquals(Support.YES, f.programTypes().get("xdp"));
        assertEquals(Support.YES, f.mapTypes().get("ringbuf"));
        assertEquals(Support.YES, f.attach().get("tcx"));
        assertEquals(Support.YES, f.attach().get("uprobe"));
        assertEquals(Support.YES, f.isa().get("v4"));
        assertEquals(Support.YES, f.misc().get("bounded_loops"));
        assertTrue(f.helpers().get("xdp").contains("bpf_redirect"));
        assertFalse(f.helpers().get("xdp").contains("bpf_skb_load_bytes"));
        assertTrue(f.helpers().get("kprobe").contains("bpf_get_current_comm"));
        assertTrue(f.programTypes().get("tracing").toString().startsWith("unknown ("));
        String json = f.toJson();
        assertTrue(json.startsWith("{\"kernel\":\""), json);
        assertTrue(json.contains("\"xdp\":\"yes\""), json);
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/sys/bus/event_source/devices/kprobe"))) return;
        assertEquals(Support.NO, f.attach().get("kprobe"));
    }
}
