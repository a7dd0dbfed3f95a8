package dev.sluice.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Prints where the Sluice library is, for {@code java -cp} and {@code jshell --class-path}. */
final class ClasspathCommand implements Callable<Integer> {
    picocli.CommandLine.Model.CommandSpec model() {
        return CommandModel.of("classpath", this, "Prints the class path of the Sluice library (for java -cp and jshell --class-path).").spec();
    }

    @Override
    public Integer call() throws URISyntaxException {
        // This class sits in the same jar (or classes folder) as Main and the library it runs.
        System.out.println(Path.of(ClasspathCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        return ExitCodes.OK;
    }
}
