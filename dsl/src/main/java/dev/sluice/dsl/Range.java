package dev.sluice.dsl;

/** A range {@code low..high}, both ends included, as {@link Sluice#range} makes it for {@link IntField#in(Range)}. */
public record Range(long low, long high) {}
