package dev.sluice.bench;

import dev.sluice.bench.KernelClassicConversion.ClassicInstruction;
import java.util.List;
import java.util.OptionalInt;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The kernel's own length of a classic filter after its conversion to eBPF, measured: attaching a
 * filter to a socket charges the socket's option memory with {@code bpf_prog_size(prog->len)}
 * (__sk_filter_charge, net/core/filter.c), and after bpf_migrate_filter {@code prog->len} is the
 * converted length, so one more eBPF instruction is 8 more bytes. SO_MEMINFO reads the charge
 * (SK_MEMINFO_OPTMEM). The size of {@code struct bpf_prog} before the instructions varies by
 * kernel, so a filter's length is taken against {@code ret #0}, which converts to 5 instructions
 * (the prologue's two xors and context move, then {@code r0 = 0; exit}). An unbound UDP socket
 * suffices: no packet is sent or received, no privilege is needed.
 */
public final class ClassicFilterCharge {
    /** The libc calls used, bound by jnr-ffi (a bench tool: start-up cost does not matter here). */
    public interface Calls {
        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int option, Pointer value, int length);

        int getsockopt(int fd, int level, int option, Pointer value, Pointer length);

        int close(int fd);
    }

    private static final int AF_INET = 2, SOCK_DGRAM = 2, SOL_SOCKET = 1, SO_ATTACH_FILTER = 26, SO_MEMINFO = 55, EINVAL = 22;
    private static final int SK_MEMINFO_OPTMEM = 6, SK_MEMINFO_VARS = 9;
    private static final List<ClassicInstruction> RET_0 = List.of(new ClassicInstruction(0x06, 0, 0, 0));
    private static final int RET_0_CONVERTED = 5;

    private ClassicFilterCharge() {}

    /** The converted length of {@code program} as the kernel holds it, or empty when the kernel refuses the filter. */
    public static OptionalInt convertedLength(List<ClassicInstruction> program) {
        Calls libc = LibraryLoader.create(Calls.class).load("c");
        OptionalInt base = charge(libc, RET_0);
        OptionalInt charge = charge(libc, program);
        if (base.isEmpty()) throw new IllegalStateException("the kernel refused the filter `ret #0`");
        if (charge.isEmpty()) return OptionalInt.empty();
        int bytes = charge.getAsInt() - base.getAsInt();
        if (bytes % 8 != 0) throw new IllegalStateException("option memory charged " + bytes + " bytes more than for ret #0: not whole instructions");
        return OptionalInt.of(RET_0_CONVERTED + bytes / 8);
    }

    /** The option memory a fresh socket is charged once the filter is attached, or empty when the kernel refuses it. */
    private static OptionalInt charge(Calls libc, List<ClassicInstruction> program) {
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        int fd = libc.socket(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0) throw new IllegalStateException("socket(AF_INET, SOCK_DGRAM) failed");
        try {
            Pointer filter = Memory.allocateDirect(runtime, 8 * program.size());
            for (int i = 0; i < program.size(); i++) {
                ClassicInstruction insn = program.get(i);
                filter.putShort(8L * i, (short) insn.code());
                filter.putByte(8L * i + 2, (byte) insn.jt());
                filter.putByte(8L * i + 3, (byte) insn.jf());
                filter.putInt(8L * i + 4, insn.k());
            }
            Pointer fprog = Memory.allocateDirect(runtime, 16); // struct sock_fprog: u16 len, pad, pointer
            fprog.putShort(0, (short) program.size());
            fprog.putAddress(8, filter.address());
            int before = optionMemory(libc, runtime, fd);
            if (libc.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16) != 0) {
                int errno = jnr.ffi.LastError.getLastError(runtime);
                if (errno == EINVAL) return OptionalInt.empty(); // bpf_check_classic's refusal
                throw new IllegalStateException("SO_ATTACH_FILTER failed with errno " + errno + " (ENOMEM: raise net.core.optmem_max)");
            }
            return OptionalInt.of(optionMemory(libc, runtime, fd) - before);
        } finally {
            libc.close(fd);
        }
    }

    private static int optionMemory(Calls libc, jnr.ffi.Runtime runtime, int fd) {
        Pointer info = Memory.allocateDirect(runtime, 4 * SK_MEMINFO_VARS);
        Pointer length = Memory.allocateDirect(runtime, 4);
        length.putInt(0, 4 * SK_MEMINFO_VARS);
        if (libc.getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, length) != 0) throw new IllegalStateException("getsockopt(SO_MEMINFO) failed");
        return info.getInt(4L * SK_MEMINFO_OPTMEM);
    }
}
