package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.ObjGetInfoByFdAttr;
import dev.sluice.runtime.sys.ProgLoadAttr;
import dev.sluice.runtime.sys.ProgTestRunAttr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A program loaded into the kernel. Owns its file descriptor; the program is freed when closed. */
public final class BpfProgram implements AutoCloseable {
    private static final int FIRST_LOG_SIZE = 1 << 16;
    private static final int MAX_LOG_SIZE = 1 << 24;
    private static final int INFO_SIZE = 232;

    private final FileDescriptor fd;
    private final LoadRequest request;
    private final String verifierLog;

    private BpfProgram(FileDescriptor fd, LoadRequest request, String verifierLog) {
        this.fd = fd;
        this.request = request;
        this.verifierLog = verifierLog;
    }

    /**
     * Loads a program. A rejection is retried with a verifier log (grown until it fits) and thrown
     * as a {@link VerifierException}; EPERM becomes a {@link PermissionException} naming the capability.
     */
    public static BpfProgram load(LoadRequest request) {
        byte[] code = request.code().encode();
        try (NativeBuffer insns = NativeBuffer.of(code);
             NativeBuffer license = NativeBuffer.cString(request.license());
             ProgLoadAttr attr = new ProgLoadAttr()) {
            attr.programType(request.type().number()).instructions(insns).license(license)
                    .name(request.kernelName().getBytes(StandardCharsets.US_ASCII));
            request.expectedAttachType().ifPresent(attr::expectedAttachType);
            if (request.statsLogLevel() == 0) {
                long fd = Bpf.callRaw(BpfCommand.PROG_LOAD, attr.buffer());
                if (fd >= 0) return new BpfProgram(new FileDescriptor((int) fd), request, "");
                failIfNotVerifier(request, (int) -fd);
            }
            return loadWithLog(request, attr, request.statsLogLevel() == 0 ? 1 : request.statsLogLevel());
        }
    }

    private static BpfProgram loadWithLog(LoadRequest request, ProgLoadAttr attr, int level) {
        int size = FIRST_LOG_SIZE;
        while (true) {
            try (NativeBuffer log = NativeBuffer.allocate(size)) {
                attr.log(level, log);
                long fd = Bpf.callRaw(BpfCommand.PROG_LOAD, attr.buffer());
                String text = log.cString();
                attr.noLog();
                if (fd >= 0) return new BpfProgram(new FileDescriptor((int) fd), request, text);
                int errno = (int) -fd;
                if (errno == Errno.ENOSPC && size < MAX_LOG_SIZE) {
                    size = Math.min(MAX_LOG_SIZE, Math.max(size * 4, attr.logTrueSize()));
                    continue;
                }
                failIfNotVerifier(request, errno);
                throw new VerifierException(request.name(), errno, text);
            }
        }
    }

    /** Errors that are not the verifier's say so at once, without a log. */
    private static void failIfNotVerifier(LoadRequest request, int errno) {
        if (errno == Errno.EPERM) {
            throw new PermissionException(BpfCommand.PROG_LOAD, "loading a " + request.type().kernelName() + " program",
                    request.type().capabilities());
        }
        if (errno != Errno.EACCES && errno != Errno.EINVAL && errno != Errno.E2BIG && errno != Errno.ENOSPC
                && errno != Errno.EFAULT) {
            throw new BpfException(BpfCommand.PROG_LOAD, errno, "loading " + request.name() + " failed: "
                    + Errno.describe(errno));
        }
    }

    /** The file descriptor, while the program is loaded; what attaching and test runs use. */
    public int fd() {
        return fd.number();
    }

    /** The name it was loaded under (the kernel keeps the first 15 characters). */
    public String name() {
        return request.name();
    }

    /** The program type it was loaded as. */
    public ProgramType type() {
        return request.type();
    }

    /** The verifier's log of a successful load when statistics were asked for, else empty. */
    public String verifierLog() {
        return verifierLog;
    }

    /**
     * Runs the program once on {@code data} with BPF_PROG_TEST_RUN (no attaching): for packet programs, the
     * frame as it would arrive.
     */
    public TestRunResult testRun(byte[] data) {
        return testRun(TestRunRequest.of(data));
    }

    /**
     * Runs the program with BPF_PROG_TEST_RUN as {@code request} says: data, optional context, repeat count.
     * Gives the return value, the kernel's average duration, and the data and context as the program left
     * them.
     */
    public TestRunResult testRun(TestRunRequest request) {
        int outSize = request.data().length + 4096;
        try (NativeBuffer in = NativeBuffer.of(request.data());
             NativeBuffer out = NativeBuffer.allocate(outSize);
             NativeBuffer ctxIn = NativeBuffer.of(request.context().orElse(new byte[0]));
             NativeBuffer ctxOut = NativeBuffer.allocate(request.context().map(c -> c.length).orElse(0));
             ProgTestRunAttr attr = new ProgTestRunAttr()) {
            attr.program(fd()).dataIn(in).dataOut(out).repeat(request.repeat());
            if (request.context().isPresent()) attr.contextIn(ctxIn).contextOut(ctxOut);
            long r = Bpf.callRaw(BpfCommand.PROG_TEST_RUN, attr.buffer());
            if (r < 0) throw BpfException.of(BpfCommand.PROG_TEST_RUN, (int) -r);
            int dataLength = Math.min(attr.dataSizeOut(), outSize);
            byte[] ctx = request.context().isPresent()
                    ? ctxOut.bytes(0, Math.min(attr.contextSizeOut(), (int) ctxOut.size())) : new byte[0];
            return new TestRunResult(attr.retval(), Integer.toUnsignedLong(attr.duration()), out.bytes(0, dataLength), ctx);
        }
    }

    /**
     * What the kernel reports about the loaded program: ids, tag, sizes, the verifier's instruction count
     * and, while {@link RunStatistics} is on, runs and run time.
     */
    public ProgramInfo info() {
        try (NativeBuffer info = NativeBuffer.allocate(INFO_SIZE); ObjGetInfoByFdAttr attr = new ObjGetInfoByFdAttr()) {
            attr.object(fd()).info(info);
            long r = Bpf.callRaw(BpfCommand.OBJ_GET_INFO_BY_FD, attr.buffer());
            if (r < 0) throw BpfException.of(BpfCommand.OBJ_GET_INFO_BY_FD, (int) -r);
            ByteBuffer b = ByteBuffer.wrap(info.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] tag = new byte[8];
            b.get(8, tag);
            byte[] name = new byte[16];
            b.get(64, name);
            int end = 0;
            while (end < 16 && name[end] != 0) end++;
            return new ProgramInfo(b.getInt(0), b.getInt(4), HexFormat.of().formatHex(tag),
                    new String(name, 0, end, StandardCharsets.US_ASCII), b.getInt(20), b.getInt(16), b.getInt(216),
                    b.getLong(192), b.getLong(200));
        }
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isOpen() {
        return fd.isOpen();
    }

    /** Pins the program at {@code path} on a bpffs, so that it outlives this process. */
    public void pin(java.nio.file.Path path) {
        dev.sluice.runtime.Pins.pin(fd(), path, "program " + name());
    }

    /** Reopens a program pinned at {@code path}. */
    public static BpfProgram openPinned(java.nio.file.Path path, String name, ProgramType type) {
        int fd = Pins.open(path);
        return new BpfProgram(new FileDescriptor(fd), LoadRequest.of(name, type, new dev.sluice.compiler.isa.Code(java.util.List.of())), "");
    }

    @Override
    public void close() {
        fd.close();
    }
}
