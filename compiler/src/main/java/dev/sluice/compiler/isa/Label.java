package dev.sluice.compiler.isa;

/** An opaque position in code under construction; bound once by {@link CodeBuilder#bind}. */
public final class Label {
    private final String name;

    Label(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
