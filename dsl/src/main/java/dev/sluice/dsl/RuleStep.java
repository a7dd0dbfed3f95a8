package dev.sluice.dsl;

/**
 * A rule being written: {@code .when(c)} (or {@code .otherwise()}) then actions; a verdict ends the rule
 * and returns the program, {@code .when}/{@code .otherwise} close it and start the next one. Actions
 * take typed values: fields ({@code ip().proto()}, {@code arg(0)}, {@code comm()}) and {@code str(...)}.
 * Immutable: every step returns a new one.
 */
public interface RuleStep {
    /**
     * {@code count NAME}: adds 1 to the per-CPU counter NAME each time the rule runs; the CLI and {@code
     * LoadedProgram.counter} read the sum.
     */
    RuleStep count(String name);

    /**
     * {@code count NAME by KEY}: one counter per value of the key, e.g. {@code countBy("protos", ip().proto())};
     * several values make a tuple key ({@code count NAME by (A, B)}).
     */
    RuleStep countBy(String name, Value key, Value... moreKeys);

    /** {@code sum NAME VALUE [by KEY]}: adds the value, e.g. {@code sum("bytes", arg(2))}, per key when one is given. */
    RuleStep sum(String name, IntField value, Value... key);

    /** {@code hist NAME VALUE [by KEY]}: a power-of-two histogram of the value, e.g. {@code hist("sizes", arg(1), comm())}. */
    RuleStep hist(String name, IntField value, Value... key);

    /**
     * {@code print "FORMAT", VALUE, ...}: an event to user space, e.g. {@code print("open %s by %d",
     * str(args("filename")), pid())}.
     */
    RuleStep print(String format, Value... values);

    /** {@code drop}: the packets that reach this verdict are dropped, and the program ends for them. */
    ProgramStep drop();

    /** {@code pass}: ends the rule and returns the program; the packet goes on as if no program ran. */
    ProgramStep pass();

    /** {@code tx} (XDP only): sends the packet back out of the interface it came in on. */
    ProgramStep tx();

    /** {@code abort} (XDP only): drops the packet as a program error, which {@code xdp:xdp_exception} traces. */
    ProgramStep abort();

    /**
     * {@code redirect IFNAME} (XDP and tc): sends the packet out of the named interface, resolved when the
     * program is loaded.
     */
    ProgramStep redirect(String ifname);

    /** {@code truncate N} (socket only): keeps the first N bytes of the packet for the socket. */
    ProgramStep truncate(long bytes);

    /** The program with this rule closed without a verdict. */
    ProgramStep end();

    /** Closes this rule (without a verdict) and starts the next. */
    RuleStep when(Condition next);

    /**
     * Closes this rule and starts one without a condition: what follows runs for every packet that got this
     * far.
     */
    RuleStep otherwise();
}
