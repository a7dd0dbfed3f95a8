package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.testing.Requirements;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HelperNamesTest {

    /** The ids the verifier log on this machine printed for each helper (docs/KERNEL.md, "Instructions"). */
    @Test
    void namesTheHelpersOfTheAbiFactSheet() {
        Map<Integer, String> verified = Map.ofEntries(
                Map.entry(1, "map_lookup_elem"), Map.entry(2, "map_update_elem"), Map.entry(3, "map_delete_elem"),
                Map.entry(5, "ktime_get_ns"), Map.entry(6, "trace_printk"), Map.entry(7, "get_prandom_u32"),
                Map.entry(8, "get_smp_processor_id"), Map.entry(12, "tail_call"),
                Map.entry(14, "get_current_pid_tgid"), Map.entry(15, "get_current_uid_gid"),
                Map.entry(16, "get_current_comm"), Map.entry(23, "redirect"), Map.entry(25, "perf_event_output"),
                Map.entry(26, "skb_load_bytes"), Map.entry(28, "csum_diff"), Map.entry(35, "get_current_task"),
                Map.entry(44, "xdp_adjust_head"), Map.entry(51, "redirect_map"),
                Map.entry(112, "probe_read_user"), Map.entry(113, "probe_read_kernel"),
                Map.entry(114, "probe_read_user_str"), Map.entry(115, "probe_read_kernel_str"),
                Map.entry(130, "ringbuf_output"), Map.entry(131, "ringbuf_reserve"),
                Map.entry(132, "ringbuf_submit"), Map.entry(133, "ringbuf_discard"),
                Map.entry(173, "get_func_ip"), Map.entry(181, "loop"));
        verified.forEach((id, name) -> {
            assertEquals(Optional.of("bpf_" + name), HelperNames.of(id));
            assertEquals(Optional.of(id), HelperNames.idOf("bpf_" + name));
            assertEquals(Optional.of(id), HelperNames.idOf(name));
        });
    }

    @Test
    void idsOutsideTheTableHaveNoName() {
        assertEquals(211, HelperNames.MAX_ID);
        assertEquals(Optional.of("bpf_cgrp_storage_delete"), HelperNames.of(211));
        assertEquals(Optional.empty(), HelperNames.of(212));
        assertEquals(Optional.empty(), HelperNames.of(-1));
        assertEquals(Optional.empty(), HelperNames.idOf("bpf_no_such_helper"));
    }

    /** The table against {@code enum bpf_func_id} in the running kernel's BTF, for ids both know. */
    @Test
    void matchesTheRunningKernel() throws IOException, InterruptedException {
        String bpftool = Requirements.tool("bpftool", "bpftool");
        File vmlinux = new File("/sys/kernel/btf/vmlinux");
        Requirements.require(vmlinux.canRead(), "the kernel's BTF is not readable at " + vmlinux);
        Process p = new ProcessBuilder(bpftool, "btf", "dump", "file", vmlinux.getPath(), "format", "c")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String header = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "bpftool btf dump failed");
        Map<Integer, String> kernel = new TreeMap<>();
        Matcher m = Pattern.compile("\\bBPF_FUNC_(\\w+) = (\\d+),").matcher(header);
        while (m.find()) kernel.put(Integer.parseInt(m.group(2)), "bpf_" + m.group(1));
        assertTrue(kernel.size() > 200, "found only " + kernel.size() + " helpers in the kernel's BTF");
        kernel.forEach((id, name) -> {
            if (id <= HelperNames.MAX_ID) assertEquals(Optional.of(name), HelperNames.of(id), "helper " + id);
        });
    }
}
