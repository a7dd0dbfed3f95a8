import static dev.sluice.dsl.Sluice.*;
import dev.sluice.dsl.model.Program;

public class Typo {
    public static Program ssh = xdp().when(tcp().dprt(22)).drop();
}
