package dev.sluice.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints where the Sluice library is, for {@code java -cp} and {@code jshell --class-path}. */
@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = "Prints the class path of the Sluice library (for java -cp and jshell --class-path).")
final class ClasspathCommand implements Callable<Integer> {
    @Override
    public Integer call() throws URISyntaxException {
        System.out.println(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        return ExitCodes.OK;
    }
}
