package dev.sluice.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where applied programs attach: XDP and tc programs on each of {@code interfaces} (named in
 * {@code netns} when given, else in the caller's namespace) in XDP mode {@code mode}, cgroup
 * programs on {@code cgroup}; trace programs on the probe their hook names.
 */
public record AttachPoints(List<String> interfaces, Optional<String> netns, XdpMode mode, Optional<Path> cgroup) {
    /** Rejects missing parts; copies the lists. */
    public AttachPoints {
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(netns);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(cgroup);
    }
}
