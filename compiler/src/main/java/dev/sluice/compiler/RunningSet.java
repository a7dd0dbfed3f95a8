package dev.sluice.compiler;

/**
 * A named set of the rules in a running program, changed while it runs: members added and removed
 * go straight into the set's maps (one per field the rules test it on), with no reload. Members are
 * written as in a script: {@code 10.0.0.0/8}, {@code 2001:db8::1}, {@code 443}, {@code aa:bb:cc:dd:ee:ff}.
 */
public interface RunningSet {
    /** The set's name as the rules declare it. */
    String name();

    /** Adds a member; it goes into every map of the set whose field takes it (IPv4 to ip.*, IPv6 to ip6.*). */
    void add(String member);

    /** Removes a member; removing one that is not there is no error. */
    void remove(String member);
}
