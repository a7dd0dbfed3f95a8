package dev.sluice.dsl;

/**
 * A rule being written: {@code .when(c)} (or {@code .otherwise()}) then actions; a verdict ends the rule
 * and returns the program, {@code .when}/{@code .otherwise} close it and start the next one. Actions
 * take typed values: fields ({@code ip().proto()}, {@code arg(0)}, {@code comm()}) and {@code str(...)}.
 * Immutable: every step returns a new one. {@code P} is what a verdict or {@link #end()} returns: the
 * program being written ({@link ProgramStep}), so that this type need not know it.
 */
public interface RuleStep<P> {
    /**
     * {@code count NAME}: adds 1 to the per-CPU counter NAME each time the rule runs; the CLI and {@code
     * LoadedProgram.counter} read the sum.
     */
    RuleStep<P> count(String name);

    /**
     * {@code count NAME by KEY}: one counter per value of the key, e.g. {@code countBy("protos", ip().proto())};
     * several values make a tuple key ({@code count NAME by (A, B)}).
     */
    RuleStep<P> countBy(String name, Value key, Value... moreKeys);

    /** {@code sum NAME VALUE [by KEY]}: adds the value, e.g. {@code sum("bytes", arg(2))}, per key when one is given. */
    RuleStep<P> sum(String name, IntField value, Value... key);

    /** {@code hist NAME VALUE [by KEY]}: a power-of-two histogram of the value, e.g. {@code hist("sizes", arg(1), comm())}. */
    RuleStep<P> hist(String name, IntField value, Value... key);

    /**
     * {@code print "FORMAT", VALUE, ...}: an event to user space, e.g. {@code print("open %s by %d",
     * str(args("filename")), pid())}.
     */
    RuleStep<P> print(String format, Value... values);

    /** {@code drop}: the packets that reach this verdict are dropped, and the program ends for them. */
    P drop();

    /** {@code pass}: ends the rule and returns the program; the packet goes on as if no program ran. */
    P pass();

    /** {@code tx} (XDP only): sends the packet back out of the interface it came in on. */
    P tx();

    /** {@code abort} (XDP only): drops the packet as a program error, which {@code xdp:xdp_exception} traces. */
    P abort();

    /**
     * {@code redirect IFNAME} (XDP and tc): sends the packet out of the named interface, resolved when the
     * program is loaded.
     */
    P redirect(String ifname);

    /** {@code truncate N} (socket only): keeps the first N bytes of the packet for the socket. */
    P truncate(long bytes);

    /** The program with this rule closed without a verdict. */
    P end();

    /** Closes this rule (without a verdict) and starts the next. */
    RuleStep<P> when(Condition next);

    /**
     * Closes this rule and starts one without a condition: what follows runs for every packet that got this
     * far.
     */
    RuleStep<P> otherwise();
}
