package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandModelTest {
    static final class Probe implements Runnable {
        boolean flag;
        double interval;
        String name;
        Map<String, String> pairs = Map.of();

        CommandLine.Model.CommandSpec model() {
            return CommandModel.of("probe", this, "a test command")
                    .parameter("NAME", String.class, "a name", v -> name = v)
                    .option(OptionSpec.builder("--flag").type(boolean.class), (Boolean v) -> flag = v)
                    .option(OptionSpec.builder("--interval").type(double.class).defaultValue("1.5"), (Double v) -> interval = v)
                    .repeatable(OptionSpec.builder("--pair").type(Map.class).auxiliaryTypes(String.class, String.class),
                            () -> pairs, v -> pairs = v == null ? Map.of() : v)
                    .spec();
        }

        @Override
        public void run() {}
    }

    @Test
    void aRepeatedMapOptionKeepsEveryEntry() {
        Probe p = new Probe();
        new CommandLine(p.model()).parseArgs("x", "--pair", "a=1", "--pair", "b=2");
        assertEquals(Map.of("a", "1", "b", "2"), p.pairs);
        assertEquals("x", p.name);
    }

    @Test
    void defaultsAndFlagsReachTheFields() {
        Probe p = new Probe();
        new CommandLine(p.model()).parseArgs("x");
        assertFalse(p.flag);
        assertEquals(1.5, p.interval);
        assertEquals(Map.of(), p.pairs);
        Probe q = new Probe();
        new CommandLine(q.model()).parseArgs("x", "--flag", "--interval", "3");
        assertTrue(q.flag);
        assertEquals(3.0, q.interval);
    }

    @Test
    void aMissingParameterIsAUsageError() {
        Probe p = new Probe();
        CommandLine cli = new CommandLine(p.model());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cli.execute());
        assertTrue(err.toString().startsWith("Missing required parameter: 'NAME'"), err.toString());
    }
}
