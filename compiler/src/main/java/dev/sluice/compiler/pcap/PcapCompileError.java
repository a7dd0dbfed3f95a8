package dev.sluice.compiler.pcap;

/** A filter that parses but cannot be compiled where it stands (libpcap refuses it too), with its column. */
public final class PcapCompileError extends RuntimeException {
    private final int column;

    PcapCompileError(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    /** The column (from 1) in the filter text. */
    public int column() {
        return column;
    }
}
