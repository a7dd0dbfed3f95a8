package dev.sluice.cli;

import dev.sluice.runtime.Interfaces;
import dev.sluice.runtime.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The interface {@code sluice run} attached its packet programs to, as it was then: its name and
 * index in its namespace. When it is deleted (or its namespace is), the kernel detaches what was on
 * it without telling anyone; the run asks here once in a while. A new interface of the same name has
 * another index, and nothing of ours on it.
 */
record InterfaceWatch(String name, int index, Optional<String> netns) {
    /** The interface {@code name} as it is now; called where it resolves (inside --netns). */
    static InterfaceWatch of(String name, Optional<String> netns) {
        return new InterfaceWatch(name, Interfaces.index(name), netns);
    }

    boolean present() {
        if (netns.isEmpty()) return sameIndex();
        if (!Files.exists(Path.of("/var/run/netns", netns.get()))) return false;
        try {
            return NetworkNamespace.call(netns.get(), this::sameIndex);
        } catch (IllegalArgumentException | IllegalStateException | dev.sluice.runtime.SystemCallException namespaceGone) {
            // Deleted between the check and entering it: while ip netns delete runs, its file is no
            // longer a namespace (open fails, or setns says EINVAL) but is still there.
            return false;
        }
    }

    private boolean sameIndex() {
        try {
            return Interfaces.index(name) == index;
        } catch (IllegalArgumentException gone) {
            return false;
        }
    }
}
