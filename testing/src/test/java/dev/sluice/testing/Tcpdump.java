package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code tcpdump -nn -r FILE}'s output, for checking what the kit writes against the reference reader. */
final class Tcpdump {
    private Tcpdump() {}

    static String read(Path pcap) throws IOException, InterruptedException {
        String tcpdump = KernelTests.tool("tcpdump", "tcpdump");
        Process p = new ProcessBuilder(tcpdump, "-nn", "-r", pcap.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("tcpdump failed: " + err);
        return out;
    }
}
