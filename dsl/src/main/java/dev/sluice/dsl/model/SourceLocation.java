package dev.sluice.dsl.model;

/** Where a model node comes from: a script's file, line and column, or the Java line that built it. */
public record SourceLocation(String file, int line, int column) {
    /**
     * Where nothing better is known (a node built outside a script and outside user code); printed as {@code
     * <unknown>:0}.
     */
    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0);

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** The first caller outside Sluice's DSL: the user's line that made this node. */
    public static SourceLocation caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("dev.sluice.dsl."))
                .findFirst()
                .map(f -> new SourceLocation(f.getFileName() == null ? f.getClassName() : f.getFileName(), f.getLineNumber(), 0))
                .orElse(UNKNOWN));
    }

    @Override
    public String toString() {
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
