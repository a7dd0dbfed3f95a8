package dev.sluice.runtime;

import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.Native;
import dev.sluice.runtime.sys.NativeBuffer;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jnr.ffi.Pointer;

/**
 * Reads a BPF ring buffer from user space (docs/KERNEL.md, "Commands, maps and ring buffers"): the consumer position page is
 * mapped read-write, the producer page and the data (mapped twice, so a record that wraps is
 * contiguous) read-only. epoll wakes the reader when records arrive.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final int PAGE = 4096;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 1;
    private static final long BUSY = 1L << 31;
    private static final long DISCARD = 1L << 30;

    private final BpfMap map;
    private final long size;
    private final Pointer consumerPage;
    private final Pointer producerPage;
    private final FileDescriptor epoll;
    private boolean closed;

    private RingBufferReader(BpfMap map, Pointer consumer, Pointer producer, FileDescriptor epoll) {
        this.map = map;
        this.size = map.spec().maxEntries();
        this.consumerPage = consumer;
        this.producerPage = producer;
        this.epoll = epoll;
    }

    private static boolean failed(Pointer mapping) {
        return mapping == null || mapping.address() == -1L;
    }

    /**
     * Maps ring buffer {@code map} (consumer page read-write, producer pages read-only) and arms epoll on it;
     * close the reader to unmap. A map of another type is an {@link IllegalArgumentException}.
     */
    public static RingBufferReader open(BpfMap map) {
        if (map.spec().type() != MapType.RINGBUF) throw new IllegalArgumentException(map.spec().name() + " is not a ring buffer");
        long size = map.spec().maxEntries();
        Pointer consumer = Native.libc().mmap(null, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, map.fd(), 0);
        if (failed(consumer)) throw failure("mmap", Native.errno(), map, "mapping the consumer page");
        Pointer producer = Native.libc().mmap(null, PAGE + 2 * size, PROT_READ, MAP_SHARED, map.fd(), PAGE);
        if (failed(producer)) {
            int errno = Native.errno();
            Native.libc().munmap(consumer, PAGE);
            throw failure("mmap", errno, map, "mapping the data");
        }
        int ep = Native.libc().epoll_create1(EPOLL_CLOEXEC);
        if (ep < 0) {
            int errno = Native.errno();
            Native.libc().munmap(consumer, PAGE);
            Native.libc().munmap(producer, PAGE + 2 * size);
            throw failure("epoll_create1", errno, map, "waiting for records");
        }
        FileDescriptor epoll = new FileDescriptor(ep);
        // struct epoll_event is packed on x86_64: u32 events, u64 data.
        try (NativeBuffer event = NativeBuffer.allocate(12)) {
            event.pointer().putInt(0, EPOLLIN);
            if (Native.libc().epoll_ctl(ep, EPOLL_CTL_ADD, map.fd(), event.pointer()) != 0) {
                int errno = Native.errno();
                epoll.close();
                Native.libc().munmap(consumer, PAGE);
                Native.libc().munmap(producer, PAGE + 2 * size);
                throw failure("epoll_ctl", errno, map, "waiting for records");
            }
        }
        return new RingBufferReader(map, consumer, producer, epoll);
    }

    private static KernelException failure(String call, int errno, BpfMap map, String what) {
        return SystemCallException.of(call, errno, "reading ring buffer " + map.spec().name() + ": " + what, "CAP_BPF");
    }

    /** Waits up to {@code timeoutMs} for records (not at all when some are ready), then hands each to {@code sink}. */
    public int poll(int timeoutMs, Consumer<byte[]> sink) {
        checkOpen();
        if (available() == 0 && timeoutMs != 0) {
            try (NativeBuffer events = NativeBuffer.allocate(12)) {
                Native.libc().epoll_wait(epoll.number(), events.pointer(), 1, timeoutMs);
            }
        }
        return drain(sink);
    }

    /**
     * The records written since the last poll, waiting up to {@code timeoutMs} ms when there are none yet.
     */
    public List<byte[]> poll(int timeoutMs) {
        List<byte[]> out = new ArrayList<>();
        poll(timeoutMs, out::add);
        return out;
    }

    private long available() {
        VarHandle.acquireFence();
        return producerPage.getLong(0) - consumerPage.getLong(0);
    }

    /** Hands every submitted record to {@code sink}, skipping discarded ones, and frees their space. */
    public int drain(Consumer<byte[]> sink) {
        checkOpen();
        int count = 0;
        long mask = size - 1;
        VarHandle.acquireFence();
        long consumerPos = consumerPage.getLong(0);
        long producerPos = producerPage.getLong(0);
        while (consumerPos < producerPos) {
            long at = PAGE + (consumerPos & mask);
            VarHandle.acquireFence();
            long header = producerPage.getInt(at) & 0xffffffffL;
            if ((header & BUSY) != 0) break;
            long length = header & ~(BUSY | DISCARD);
            if ((header & DISCARD) == 0) {
                byte[] record = new byte[(int) length];
                producerPage.get(at + 8, record, 0, record.length);
                sink.accept(record);
                count++;
            }
            consumerPos += (length + 8 + 7) & ~7L;
            VarHandle.releaseFence();
            consumerPage.putLong(0, consumerPos);
            VarHandle.fullFence();
            producerPos = producerPage.getLong(0);
        }
        return count;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("ring buffer reader of " + map.spec().name() + " is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        epoll.close();
        Native.libc().munmap(consumerPage, PAGE);
        Native.libc().munmap(producerPage, PAGE + 2 * size);
    }
}
