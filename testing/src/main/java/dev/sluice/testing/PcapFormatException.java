package dev.sluice.testing;

/** A capture that is not a readable classic pcap file, with the byte offset where reading stopped. */
public final class PcapFormatException extends RuntimeException {
    private final long offset;

    /** A capture unreadable at byte {@code offset}, for {@code reason}. */
    public PcapFormatException(long offset, String reason) {
        super("offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /** The byte offset in the file where reading stopped. */
    public long offset() {
        return offset;
    }
}
