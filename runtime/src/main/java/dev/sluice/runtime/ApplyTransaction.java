package dev.sluice.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One apply, as the steps of {@link ApplyStep}: everything new is loaded first; the new generation
 * is pinned beside the old one (links it shares with the old are pinned twice, new ones attached);
 * {@code current} is switched in one rename; each shared link swaps to its new program with
 * BPF_LINK_UPDATE; the old generation is unpinned, which detaches the links only it had. A failure
 * before the switch removes the new generation and leaves the old rules as they were.
 */
final class ApplyTransaction {
    /** A shared link and the program it must run instead of {@code expected}. */
    private record Swap(Link link, BpfProgram program, BpfProgram expected) {}

    private ApplyTransaction() {}

    static void run(ApplyRequest request) {
        AppliedLayout layout = AppliedLayout.of(request.root(), request.name());
        try (FolderLock lock = FolderLock.acquire(layout.folder())) {
            AppliedRecovery.settle(layout);
            request.observer().accept(ApplyStep.LOCKED);
            Optional<Path> oldFolder = layout.currentFolder();
            Optional<AppliedRecord> old = oldFolder.map(f -> AppliedRecord.read(AppliedLayout.record(f)));
            int next = layout.current().orElse(0) + 1;
            Deque<AutoCloseable> opened = new ArrayDeque<>();
            try (NextGeneration generation = NextGeneration.build(request, oldFolder, old)) {
                request.observer().accept(ApplyStep.BUILT);
                Path folder = layout.createGeneration(next);
                List<Swap> swaps;
                try {
                    generation.pinPrograms(folder, () -> request.observer().accept(ApplyStep.PINNING));
                    swaps = links(generation, folder, oldFolder, old, opened);
                    generation.record(request).pin(AppliedLayout.record(folder));
                } catch (RuntimeException e) {
                    AppliedLayout.delete(folder);
                    closeAll(opened);
                    throw e;
                }
                request.observer().accept(ApplyStep.PINNED);
                layout.commit(next);
                request.observer().accept(ApplyStep.COMMITTED);
                for (Swap s : swaps) {
                    s.link().update(s.program(), s.expected());
                    request.observer().accept(ApplyStep.SWAPPING);
                }
                request.observer().accept(ApplyStep.SWAPPED);
                oldFolder.ifPresent(AppliedLayout::delete);
                request.observer().accept(ApplyStep.DONE);
            } finally {
                closeAll(opened);
            }
        }
    }

    /**
     * Pins each planned link in the new generation: one the old generation has under the same key
     * is pinned again (to be updated after the commit), any other is attached now.
     */
    private static List<Swap> links(NextGeneration generation, Path folder, Optional<Path> oldFolder,
                                    Optional<AppliedRecord> old, Deque<AutoCloseable> opened) {
        List<Swap> swaps = new ArrayList<>();
        for (NextGeneration.Built b : generation.programs()) {
            for (PlannedLinks.Planned planned : b.links()) {
                Path pin = AppliedLayout.link(AppliedLayout.program(folder, b.name()), planned.key());
                Optional<String> owner = old.flatMap(r -> r.programs().stream()
                        .filter(p -> p.links().stream().anyMatch(l -> l.key().equals(planned.key())))
                        .map(AppliedRecord.ProgramEntry::name).findFirst());
                Optional<Path> ownerFolder = owner.map(o -> AppliedLayout.program(oldFolder.orElseThrow(), o));
                Optional<Path> oldPin = ownerFolder.map(f -> AppliedLayout.link(f, planned.key())).filter(Files::exists);
                if (oldPin.isPresent()) {
                    Link link = Link.openPinned(oldPin.get(), planned.description());
                    opened.push(link);
                    BpfProgram expected = BpfProgram.openPinned(AppliedLayout.programPin(ownerFolder.get()), owner.get(),
                            b.loaded().program().type());
                    opened.push(expected);
                    link.pin(pin);
                    swaps.add(new Swap(link, b.loaded().program(), expected));
                } else {
                    Link link = planned.attach().apply(b.loaded());
                    opened.push(link);
                    link.pin(pin);
                }
            }
        }
        return swaps;
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // Releasing one descriptor must not keep the others open.
            }
        }
    }
}
