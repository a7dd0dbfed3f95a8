package dev.sluice.compiler.isa;

/** An invalid instruction encoding, with the byte offset of the offending slot. */
public final class DecodeException extends RuntimeException {
    private final int byteOffset;
    private final String reason;

    public DecodeException(int byteOffset, String reason) {
        super("invalid instruction at byte " + byteOffset + " (slot " + byteOffset / 8 + "): " + reason);
        this.byteOffset = byteOffset;
        this.reason = reason;
    }

    public int byteOffset() {
        return byteOffset;
    }

    public String reason() {
        return reason;
    }
}
