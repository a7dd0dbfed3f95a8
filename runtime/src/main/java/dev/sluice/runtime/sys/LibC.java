package dev.sluice.runtime.sys;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * The few libc entry points the runtime needs, called through jffi's invoker directly. jnr-ffi's
 * loader would build this binding from an annotated interface at the first use, reflectively
 * (annotation proxies, a dynamic proxy, method handles): tens of milliseconds of every process's
 * first {@code bpf()} (docs/PERFORMANCE-TRACE.md, "Trace programs against bpftrace"). Each function here
 * is its symbol's address and one call context, made once. errno is saved by jffi after each call
 * and read with {@link #lastError()}. Pointers are jnr-ffi's, always over native memory.
 */
public final class LibC {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private final Library library = Library.getDefault();
    private final Call syscall = call("syscall", Type.SLONG, 6);
    private final Call close = call("close", Type.SINT, 1);
    private final Call ioctl = call("ioctl", Type.SINT, 3);
    private final Call setsockopt = call("setsockopt", Type.SINT, 5);
    private final Call socket = call("socket", Type.SINT, 3);
    private final Call setns = call("setns", Type.SINT, 2);
    private final Call open = call("open", Type.SINT, 2);
    private final Call bind = call("bind", Type.SINT, 3);
    private final Call recv = call("recv", Type.SLONG, 4);
    private final Call ifNameToIndex = call("if_nametoindex", Type.SINT, 1);
    private final Call getpid = call("getpid", Type.SINT, 0);
    private final Call dup = call("dup", Type.SINT, 1);
    private final Call mmap = call("mmap", Type.POINTER, 6);
    private final Call munmap = call("munmap", Type.SINT, 2);
    private final Call epollCreate1 = call("epoll_create1", Type.SINT, 1);
    private final Call epollCtl = call("epoll_ctl", Type.SINT, 4);
    private final Call epollWait = call("epoll_wait", Type.SINT, 4);
    private final Call flock = call("flock", Type.SINT, 2);
    private final Call strerror = call("strerror", Type.POINTER, 1);

    /** jnr-ffi's runtime, which the pointers {@link #mmap} returns belong to. */
    private final jnr.ffi.Runtime runtime;

    LibC(jnr.ffi.Runtime runtime) {
        this.runtime = runtime;
    }

    /**
     * A function and its call context. Every parameter is passed as a 64-bit integer register
     * (x86-64 and aarch64 pass int, long and pointer arguments alike in integer registers, and
     * {@code syscall}'s variadic ones too); int results are narrowed by the callers below.
     */
    private record Call(long address, CallContext context) {}

    private Call call(String name, Type result, int parameters) {
        long address = library.getSymbolAddress(name);
        if (address == 0) throw new UnsatisfiedLinkError("libc has no " + name + ": " + Library.getLastError());
        Type[] types = new Type[parameters];
        java.util.Arrays.fill(types, Type.SLONG);
        return new Call(address, CallContext.getCallContext(result, types, CallingConvention.DEFAULT, true));
    }

    private static long invoke(Call c, long a1, long a2, long a3, long a4, long a5, long a6) {
        return INVOKER.invokeN6(c.context, c.address, a1, a2, a3, a4, a5, a6);
    }

    private static long address(Pointer p) {
        return p == null ? 0 : p.address();
    }

    public long syscall(long number, long a1, Pointer a2, long a3) {
        return invoke(syscall, number, a1, address(a2), a3, 0, 0);
    }

    public long syscall(long number, Pointer a1, long a2, long a3, long a4, long a5) {
        return invoke(syscall, number, address(a1), a2, a3, a4, a5);
    }

    public int close(int fd) {
        return (int) INVOKER.invokeN1(close.context, close.address, fd);
    }

    public int ioctl(int fd, long request, long argument) {
        return (int) INVOKER.invokeN3(ioctl.context, ioctl.address, fd, request, argument);
    }

    public int setsockopt(int fd, int level, int option, Pointer value, int length) {
        return (int) INVOKER.invokeN5(setsockopt.context, setsockopt.address, fd, level, option, address(value), length);
    }

    public int socket(int domain, int type, int protocol) {
        return (int) INVOKER.invokeN3(socket.context, socket.address, domain, type, protocol);
    }

    public int setns(int fd, int nstype) {
        return (int) INVOKER.invokeN2(setns.context, setns.address, fd, nstype);
    }

    public int open(String path, int flags) {
        long text = cString(path);
        try {
            return (int) INVOKER.invokeN2(open.context, open.address, text, flags);
        } finally {
            MEMORY.freeMemory(text);
        }
    }

    public int bind(int fd, Pointer address, int length) {
        return (int) INVOKER.invokeN3(bind.context, bind.address, fd, address(address), length);
    }

    public long recv(int fd, Pointer buffer, long length, int flags) {
        return INVOKER.invokeN4(recv.context, recv.address, fd, address(buffer), length, flags);
    }

    public int if_nametoindex(String name) {
        long text = cString(name);
        try {
            return (int) INVOKER.invokeN1(ifNameToIndex.context, ifNameToIndex.address, text);
        } finally {
            MEMORY.freeMemory(text);
        }
    }

    public int getpid() {
        return (int) INVOKER.invokeN0(getpid.context, getpid.address);
    }

    public int dup(int fd) {
        return (int) INVOKER.invokeN1(dup.context, dup.address, fd);
    }

    /** The mapping, or a pointer at -1 (MAP_FAILED) with errno set. */
    public Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) {
        long mapped = invoke(mmap, address(address), length, protection, flags, fd, offset);
        return Pointer.wrap(runtime, mapped);
    }

    public int munmap(Pointer address, long length) {
        return (int) INVOKER.invokeN2(munmap.context, munmap.address, address(address), length);
    }

    public int epoll_create1(int flags) {
        return (int) INVOKER.invokeN1(epollCreate1.context, epollCreate1.address, flags);
    }

    public int epoll_ctl(int epfd, int op, int fd, Pointer event) {
        return (int) INVOKER.invokeN4(epollCtl.context, epollCtl.address, epfd, op, fd, address(event));
    }

    public int epoll_wait(int epfd, Pointer events, int max, int timeoutMs) {
        return (int) INVOKER.invokeN4(epollWait.context, epollWait.address, epfd, address(events), max, timeoutMs);
    }

    /** Advisory whole-file lock: what serialises applies to one pin folder (bpffs holds no regular files). */
    public int flock(int fd, int operation) {
        return (int) INVOKER.invokeN2(flock.context, flock.address, fd, operation);
    }

    public String strerror(int errno) {
        long text = INVOKER.invokeN1(strerror.context, strerror.address, errno);
        return text == 0 ? "errno " + errno : new String(MEMORY.getZeroTerminatedByteArray(text), StandardCharsets.UTF_8);
    }

    /** errno of the calling thread's last call above. */
    static int lastError() {
        return LastError.getInstance().get();
    }

    /** A NUL-terminated copy in native memory; the caller frees it. */
    private static long cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long text = MEMORY.allocateMemory(bytes.length + 1, true);
        if (text == 0) throw new OutOfMemoryError("no native memory for a " + bytes.length + "-byte string");
        MEMORY.putZeroTerminatedByteArray(text, bytes, 0, bytes.length);
        return text;
    }
}
