package dev.sluice.runtime;

/** The outcome of BPF_PROG_TEST_RUN: the program's return value, the average ns per run, and the data and context out. */
public record TestRunResult(int retval, long durationNs, byte[] dataOut, byte[] contextOut) {}
