package dev.sluice.compiler.elf;

/** A malformed or unsupported ELF object, with the file offset where reading failed. */
public final class ElfFormatException extends RuntimeException {
    private final long offset;

    public ElfFormatException(long offset, String reason) {
        super("offset " + offset + ": " + reason);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
