package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.BtfLoadAttr;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.NativeBuffer;

/**
 * A BTF blob loaded into the kernel with BPF_BTF_LOAD, owning its file descriptor. Maps whose
 * kernel code insists on typed keys and values (the local storage maps) name types in it.
 */
public final class BtfObject implements AutoCloseable {
    private static final int LOG_SIZE = 4096;

    private final FileDescriptor fd;

    private BtfObject(FileDescriptor fd) {
        this.fd = fd;
    }

    /** Loads {@code blob}; a refusal carries the kernel's BTF log line that says why. */
    public static BtfObject load(byte[] blob) {
        try (NativeBuffer data = NativeBuffer.of(blob); NativeBuffer log = NativeBuffer.allocate(LOG_SIZE);
             BtfLoadAttr attr = new BtfLoadAttr()) {
            attr.blob(data).log(1, log);
            long r = Bpf.callRaw(BpfCommand.BTF_LOAD, attr.buffer());
            if (r >= 0) return new BtfObject(new FileDescriptor((int) r));
            int errno = (int) -r;
            if (errno == Errno.EPERM) throw new PermissionException(BpfCommand.BTF_LOAD, "loading BTF", "CAP_BPF");
            String why = VerifierException.reasonOf(log.cString());
            throw new BpfException(BpfCommand.BTF_LOAD, errno, "loading BTF failed: " + Errno.describe(errno)
                    + (why.equals("no verifier log") ? "" : ": " + why));
        }
    }

    /** The BTF object's file descriptor, for a map's {@code btf_fd}; valid until this is closed. */
    public int fd() {
        return fd.number();
    }

    @Override
    public void close() {
        fd.close();
    }
}
