package dev.sluice.cli.pcap;

/** A capture that is not a readable classic pcap file, with the byte offset where reading stopped. */
public final class PcapFormatException extends RuntimeException {
    private final long offset;

    public PcapFormatException(long offset, String reason) {
        super("offset " + offset + ": " + reason);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
