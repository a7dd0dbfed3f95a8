package dev.sluice.cli;

import dev.sluice.runtime.XdpMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The attach options run and apply share: {@code --mode}, {@code --cgroup}, {@code --netns}. */
final class AttachOptions {
    /** The cgroup v2 roots to try when --cgroup is not given: pure v2, then the hybrid layout. */
    private static final List<Path> CGROUP_ROOTS = List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"));

    private AttachOptions() {}

    /** The {@code --mode} option, as both commands declare it. */
    static OptionSpec.Builder modeOption() {
        return OptionSpec.builder("--mode").paramLabel("MODE").type(String.class)
                .description("XDP mode: generic, native or offload (default: the kernel's choice)");
    }

    /** The {@code --cgroup} option, as both commands declare it. */
    static OptionSpec.Builder cgroupOption() {
        return OptionSpec.builder("--cgroup").paramLabel("PATH").type(Path.class)
                .description("the cgroup v2 directory cgroup programs attach to (default: the cgroup v2 root)");
    }

    /** {@code --mode}: generic, native or offload; absent lets the kernel choose. */
    static XdpMode xdpMode(String mode, CommandLine command) {
        if (mode == null) return XdpMode.AUTO;
        return switch (mode) {
            case "generic" -> XdpMode.GENERIC;
            case "native" -> XdpMode.NATIVE;
            case "offload" -> XdpMode.OFFLOAD;
            default -> throw new ParameterException(command, "--mode must be generic, native or offload, not " + mode);
        };
    }

    /** {@code --cgroup}, or the cgroup v2 root when it is not given. */
    static Path cgroupPath(Path cgroup, CommandLine command) {
        if (cgroup != null) {
            if (!Files.isDirectory(cgroup)) throw new ParameterException(command, "--cgroup: " + cgroup + " is not a directory");
            return cgroup;
        }
        // cgroup.controllers exists only in cgroup v2 directories, and bpf links need v2.
        for (Path root : CGROUP_ROOTS) if (Files.exists(root.resolve("cgroup.controllers"))) return root;
        throw new ParameterException(command, "--cgroup is required: no cgroup v2 hierarchy at " + CGROUP_ROOTS);
    }

    /** {@code --netns}: the namespace must exist (ip netns add). */
    static void requireNamespace(String netns, CommandLine command) {
        if (netns != null && !Files.exists(Path.of("/var/run/netns", netns))) {
            throw new ParameterException(command, "--netns: no network namespace " + netns + " (see ip netns list)");
        }
    }
}
