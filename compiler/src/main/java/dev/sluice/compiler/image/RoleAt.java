package dev.sluice.compiler.image;

/** A map's role and its index among the image's maps (the index its code and loader use). */
public record RoleAt<R extends MapRole>(int index, R role) {}
