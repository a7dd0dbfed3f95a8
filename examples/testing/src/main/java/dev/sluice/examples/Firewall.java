package dev.sluice.examples;

import static dev.sluice.dsl.Sluice.*;

import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;

/** A host's XDP firewall in Sluice's Java DSL; FirewallTest states what it must do. */
public final class Firewall {
    private Firewall() {}

    /** The networks SSH is accepted from. */
    public static final NamedSet TRUSTED = set("trusted", "10.0.0.0/8", "192.168.0.0/16");

    /** Addresses whose traffic is dropped, DNS answers excepted. */
    public static final NamedSet BLOCKED = set("blocked", "203.0.113.0/24", "198.51.100.7");

    /** DNS always passes; SSH only from a trusted IPv4 address; nothing from a blocked one. */
    public static final Program PROGRAM = xdp("firewall")
            .when(udp().dport(53)).count("dns").pass()
            .when(tcp().dport(22).and(not(ip().src().in(TRUSTED)))).count("ssh_refused").drop()
            .when(ip().src().in(BLOCKED)).count("blocked").drop()
            .otherwise().pass();
}
