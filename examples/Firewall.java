import static dev.sluice.dsl.Sluice.*;

import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;

/** The same firewall in Java: bin/sluice test examples/Firewall.java --pcap examples/sample.pcap */
public class Firewall {
    static final NamedSet trusted = set("trusted", "10.0.0.0/8", "192.168.0.0/16", "fd00::/8");
    static final NamedSet blocked = set("blocked", "203.0.113.0/24", "198.51.100.7", "2001:db8:bad::/48");

    public static final Program firewall = xdp("firewall")
            .when(tcp().dport(22).and(ip().src().notIn(trusted))).drop()
            .when(ip().src().in(blocked)).count("blocked_hits").drop()
            .when(udp().dport().in(53, 5353)).count("dns")
            .when(tcp().syn().and(not(tcp().ack())).and(tcp().dport().in(range(1000, 2000)))).drop()
            .otherwise().pass();

    public static final Program shaper = tcEgress("shaper")
            .when(udp().and(pkt().len().gt(1200))).drop();
}
