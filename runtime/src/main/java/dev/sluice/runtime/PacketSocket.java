package dev.sluice.runtime;

import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.Native;
import dev.sluice.runtime.sys.NativeBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * An AF_PACKET raw socket bound to one interface, receiving every frame from its Ethernet header
 * on (the socket that `sluice` attaches socket filters to). Opened in the calling thread's
 * network namespace.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int ETH_P_ALL_NETWORK_ORDER = 0x0300;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_TRUNC = 0x20;

    private final FileDescriptor fd;

    private PacketSocket(FileDescriptor fd) {
        this.fd = fd;
    }

    /**
     * Opens an AF_PACKET raw socket receiving every frame of interface {@code ifindex}; close it to release
     * it.
     */
    public static PacketSocket open(int ifindex) {
        int s = Native.libc().socket(AF_PACKET, SOCK_RAW_CLOEXEC, ETH_P_ALL_NETWORK_ORDER);
        if (s < 0) throw SystemCallException.of("socket", Native.errno(), "opening a packet socket", "CAP_NET_RAW");
        FileDescriptor fd = new FileDescriptor(s);
        // struct sockaddr_ll: family u16, protocol u16 (network order), ifindex i32, then zeros.
        try (NativeBuffer address = NativeBuffer.of(ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) AF_PACKET).putShort((short) ETH_P_ALL_NETWORK_ORDER).putInt(ifindex).array())) {
            if (Native.libc().bind(s, address.pointer(), 20) != 0) {
                int errno = Native.errno();
                fd.close();
                throw SystemCallException.of("bind", errno, "binding a packet socket to ifindex " + ifindex, "CAP_NET_RAW");
            }
        }
        return new PacketSocket(fd);
    }

    /** The socket's file descriptor, for attaching a socket filter. */
    public int fd() {
        return fd.number();
    }

    /**
     * The next frame, cut to {@code max} bytes, with its full length as the kernel reports it
     * (a socket filter's truncation shows there), or empty after {@code timeoutMs}.
     */
    public Optional<Frame> receive(int max, int timeoutMs) {
        try (NativeBuffer timeout = NativeBuffer.of(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(timeoutMs / 1000).putLong((timeoutMs % 1000) * 1000L).array());
             NativeBuffer buffer = NativeBuffer.allocate(max)) {
            Native.libc().setsockopt(fd(), SOL_SOCKET, SO_RCVTIMEO, timeout.pointer(), 16);
            long n = Native.libc().recv(fd(), buffer.pointer(), max, MSG_TRUNC);
            if (n < 0) {
                int errno = Native.errno();
                if (errno == Errno.EAGAIN || errno == Errno.EINTR) return Optional.empty();
                throw SystemCallException.of("recv", errno, "receiving from a packet socket", "CAP_NET_RAW");
            }
            return Optional.of(new Frame(buffer.bytes(0, (int) Math.min(n, max)), (int) n));
        }
    }

    /** A received frame: the bytes read and the length the kernel delivered. */
    public record Frame(byte[] bytes, int length) {}

    @Override
    public void close() {
        fd.close();
    }
}
