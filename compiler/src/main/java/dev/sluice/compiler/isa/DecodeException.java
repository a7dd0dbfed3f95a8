package dev.sluice.compiler.isa;

/** An invalid instruction encoding, with the byte offset of the offending slot. */
public final class DecodeException extends RuntimeException {
    private final int byteOffset;
    private final String reason;

    /** A failure at {@code byteOffset} into the code, for {@code reason} (a phrase, no offset in it). */
    public DecodeException(int byteOffset, String reason) {
        super("invalid instruction at byte " + byteOffset + " (slot " + byteOffset / 8 + "): " + reason);
        this.byteOffset = byteOffset;
        this.reason = reason;
    }

    /** Where the offending slot starts, in bytes from the start of the code (a multiple of 8). */
    public int byteOffset() {
        return byteOffset;
    }

    /** What is wrong with the slot, without the offset. */
    public String reason() {
        return reason;
    }
}
