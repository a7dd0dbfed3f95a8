package dev.sluice.tests.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.compiler.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * tcpdump as the oracle: the frames of a capture it keeps for an expression, with libpcap's
 * optimiser (what tcpdump does by default) and without it ({@code -O}). Where the two differ, the
 * optimiser moved or dropped a read and so changed the verdict on a frame cut short.
 */
final class Tcpdump {
    private Tcpdump() {}

    static void require() {
        Requirements.require(Files.isExecutable(Path.of("/usr/sbin/tcpdump")) || Files.isExecutable(Path.of("/usr/bin/tcpdump")),
                "tcpdump (the oracle, a test dependency) is not installed");
    }

    /**
     * The frame numbers tcpdump keeps: frame i has timestamp i, printed first by -tt. None when the
     * optimiser finds that the expression rejects every packet (tcpdump then refuses to run it).
     */
    static BitSet kept(Path corpus, String expr, boolean optimised) throws IOException, InterruptedException {
        ProcessBuilder command = optimised
                ? new ProcessBuilder("tcpdump", "-nn", "-tt", "-r", corpus.toString(), "--", expr)
                : new ProcessBuilder("tcpdump", "-O", "-nn", "-tt", "-r", corpus.toString(), "--", expr);
        Path errors = Files.createTempFile("sluice-tcpdump", ".err");
        String out;
        try {
            Process p = command.redirectError(errors.toFile()).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0 && Files.readString(errors).contains("expression rejects all packets")) return new BitSet();
            assertEquals(0, exit, () -> "tcpdump refused " + expr);
        } finally {
            Files.deleteIfExists(errors);
        }
        BitSet kept = new BitSet();
        for (String line : out.split("\n")) {
            if (line.isEmpty() || !Character.isDigit(line.charAt(0))) continue;
            kept.set(Integer.parseInt(line.substring(0, line.indexOf('.'))));
        }
        return kept;
    }
}
