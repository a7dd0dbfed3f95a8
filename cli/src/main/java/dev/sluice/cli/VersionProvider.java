package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code sluice 0.1.0 (commit 8251da2)}: the version and commit the build wrote into build.properties (cli/pom.xml). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("build.properties")) {
            if (in != null) build.load(in);
        } catch (IOException unreadable) {
            // Then it says what a build without the file says.
        }
        return new String[] {"sluice " + build.getProperty("version", "development build")
                + " (commit " + build.getProperty("commit", "unknown") + ")"};
    }
}
