package dev.sluice.compiler.elf;

/** A malformed or unsupported ELF object, with the file offset where reading failed. */
public final class ElfFormatException extends RuntimeException {
    private final long offset;

    /** A failure at file {@code offset} for {@code reason}; the message is {@code offset N: reason}. */
    public ElfFormatException(long offset, String reason) {
        super("offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /** The byte offset in the file where reading failed. */
    public long offset() {
        return offset;
    }
}
