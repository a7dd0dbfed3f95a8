package dev.sluice.runtime;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Settles what a killed apply left, under the folder's lock and before anything else touches it.
 * Before the commit point the old generation is whole and the new one is removed (with its pins go
 * the links only it had made). After it, the new generation is whole on bpffs and the links it
 * shares with the old one may still run old programs: each is updated to its program now.
 */
final class AppliedRecovery {
    private AppliedRecovery() {}

    static void settle(AppliedLayout layout) {
        layout.deleteStaleNext();
        OptionalInt current = layout.current();
        for (int g : layout.generations()) {
            if (current.isEmpty() || g != current.getAsInt()) AppliedLayout.delete(layout.generation(g));
        }
        if (current.isPresent()) rollForward(layout.generation(current.getAsInt()));
    }

    private static void rollForward(Path generation) {
        for (String name : AppliedLayout.programs(generation)) {
            Path folder = AppliedLayout.program(generation, name);
            // The type given is not checked by anything done here (its id, and LINK_UPDATE, which the kernel checks itself).
            try (BpfProgram program = BpfProgram.openPinned(AppliedLayout.programPin(folder), name, ProgramType.XDP)) {
                int id = program.info().id();
                for (Path pin : AppliedLayout.linkPins(folder)) {
                    try (Link link = Link.openPinned(pin, pin.getFileName().toString())) {
                        if (link.programId() != id) link.update(program);
                    }
                }
            }
        }
    }
}
