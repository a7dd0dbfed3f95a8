import static dev.sluice.dsl.Sluice.*;
import dev.sluice.dsl.model.Program;

public class Broken {
    public static Program ssh = xdp().when(tcp().dport(70000)).drop();
    public static Program cidr = xdp().when(ip().src().eq("10.0.0.0/8")).drop();
}
