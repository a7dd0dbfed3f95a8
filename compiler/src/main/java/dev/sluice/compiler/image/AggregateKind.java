package dev.sluice.compiler.image;

/** What an aggregate keeps per key: a count, a sum, or a log2 histogram (whose key ends with the bucket). */
public enum AggregateKind { COUNT, SUM, HIST }
