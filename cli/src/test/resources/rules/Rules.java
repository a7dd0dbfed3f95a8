import static dev.sluice.dsl.Sluice.*;
import dev.sluice.dsl.model.Program;

public class Rules {
    public static Program ssh = xdp().when(tcp().dport(22)).drop();
    public static Program fw() {
        return xdp("firewall").when(udp().dport().in(53, 5353)).count("dns").end()
            .when(ip()).countBy("protos", ip().proto()).end()
            .when(tcp().syn().and(not(tcp().ack())).and(tcp().dport().in(range(1000, 2000)))).drop()
            .otherwise().pass();
    }
}
