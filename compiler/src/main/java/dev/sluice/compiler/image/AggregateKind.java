package dev.sluice.compiler.image;

/** What an aggregate keeps per key: a count, a sum, or a log2 histogram (whose key ends with the bucket). */
public enum AggregateKind {
    /** {@code count}: how many times the statement ran for the key (u64 per CPU). */
    COUNT,
    /** {@code sum}: the wrapping u64 total of the expression for the key, per CPU. */
    SUM,
    /** {@code hist}: a count per power-of-two bucket (0 holds 0, k holds [2^(k-1), 2^k)), keyed last by bucket. */
    HIST
}
