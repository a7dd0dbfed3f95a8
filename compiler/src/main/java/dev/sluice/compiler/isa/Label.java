package dev.sluice.compiler.isa;

/** An opaque position in code under construction; bound once by {@link CodeBuilder#bind}. */
public final class Label {
    private final String name;
    /** The builder that made it, compared by identity only (typed Object so that Label does not know CodeBuilder). */
    final Object owner;
    /** Its index among its builder's labels, where the builder keeps its position (a map cost most of codegen for 100,000 rules). */
    final int id;

    Label(Object owner, int id, String name) {
        this.owner = owner;
        this.id = id;
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
