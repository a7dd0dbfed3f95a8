package dev.sluice.cli;

import static dev.sluice.cli.AppliedReadings.xdpProgram;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * examples/deploy: the systemd unit's commands run as written (the jar in place of
 * /usr/local/bin/sluice, a veth in a namespace in place of eth0, a bpffs of the test's own); the
 * DaemonSet's command line parsed by the real command line and its ConfigMap's rules compiled; the
 * Containerfile's sources present. No container engine runs here, so the image and the DaemonSet
 * themselves are not run. About 15 s (four JVM starts).
 */
class DeployExamplesTest {
    static final Path DEPLOY = Path.of("..", "examples", "deploy");
    static final Path UNIT = DEPLOY.resolve("sluice-firewall.service");
    static final Path DAEMONSET = DEPLOY.resolve("sluice-daemonset.yaml");
    static final Path CONTAINERFILE = DEPLOY.resolve("Containerfile");

    @TempDir
    Path dir;

    /** A launcher standing for /usr/local/bin/sluice: this build's classes, the applied root given. */
    private Path launcher(Path root) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path launcher = dir.resolve("sluice");
        Files.writeString(launcher, "#!/bin/sh\nexport " + AppliedRoot.VARIABLE + "='" + root + "'\nexec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }

    private static String exec(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.+)$").matcher(unit);
        assertTrue(m.find(), key);
        return m.group(1).strip();
    }

    /** The ConfigMap's firewall.ebpf: the literal block under its key. */
    static String configMapRules() throws Exception {
        List<String> lines = Files.readAllLines(DAEMONSET);
        int at = lines.indexOf("  firewall.ebpf: |");
        assertTrue(at >= 0, "the ConfigMap has firewall.ebpf");
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(at + 1, lines.size())) {
            if (!line.startsWith("    ") && !line.isBlank()) break;
            out.append(line.length() >= 4 ? line.substring(4) : "").append('\n');
        }
        return out.toString();
    }

    private int runUnitCommand(String command, Path launcher, Path rules, VethPair pair) throws Exception {
        String line = command.replace("/usr/local/bin/sluice", launcher.toString())
                .replace("/etc/sluice/firewall.ebpf", rules.toString())
                .replace("--iface eth0", "--iface " + pair.interfaceA() + " --netns " + pair.namespaceA() + " --mode generic");
        Process p = new ProcessBuilder(Arrays.asList(line.split(" +"))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        System.out.println("unit command: " + line.replace(launcher.toString(), "sluice") + " -> " + p.exitValue() + ": " + output.strip());
        return p.exitValue();
    }

    private static long passed(VethPair pair, int port) {
        return AppliedReadings.passed(pair, port, 50);
    }

    @Test
    void theUnitAppliesReloadsByReplacingAndStopsLeavingNothing() throws Exception {
        KernelRequirement.bpf();
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("Type=oneshot") && unit.contains("RemainAfterExit=yes"), unit);
        assertTrue(unit.contains("RequiresMountsFor=/sys/fs/bpf"), "bpffs is mounted first");
        Path mount = dir.resolve("bpffs");
        Files.createDirectories(mount);
        Shell.run("mount", "-t", "bpf", "bpf", mount.toString());
        Path root = mount.resolve("sluice");
        try (VethPair pair = VethPair.create()) {
            Path launcher = launcher(root);
            Path rules = dir.resolve("firewall.ebpf");
            String text = configMapRules();
            Files.writeString(rules, text);
            assertEquals(0, runUnitCommand(exec(unit, "ExecStart"), launcher, rules, pair));
            assertEquals(List.of("firewall"), AppliedRules.names(root));
            assertEquals(0, passed(pair, 11211));
            assertEquals(50, passed(pair, 7001));
            int started = xdpProgram(pair);

            Files.writeString(rules, text.replace("udp.dport == 11211", "udp.dport in { 11211, 7001 }"));
            assertEquals(0, runUnitCommand(exec(unit, "ExecReload"), launcher, rules, pair));
            assertNotEquals(started, xdpProgram(pair), "reload replaced the program");
            assertEquals(0, passed(pair, 7001), "the reloaded rules hold");
            assertEquals(0, passed(pair, 11211));

            assertEquals(0, runUnitCommand(exec(unit, "ExecStop"), launcher, rules, pair));
            assertEquals(0, xdpProgram(pair), "nothing attached after stop");
            try (var left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "nothing pinned after stop");
            }
            assertEquals(50, passed(pair, 7001));
        } finally {
            for (String n : AppliedRules.names(root)) AppliedRules.remove(root, n);
            Shell.tryRun("umount", mount.toString());
        }
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        String analyze = dev.sluice.testing.KernelTests.tool("systemd-analyze", "systemd");
        Path unit = dir.resolve("sluice-firewall.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/usr/local/bin/sluice", launcher(dir).toString()));
        Shell.Result verified = Shell.tryRun(analyze, "verify", unit.toString());
        assertEquals(0, verified.exitCode(), verified.toString());
    }

    @Test
    void theDaemonSetRunsAValidCommandOnItsConfigMap() throws Exception {
        String manifest = Files.readString(DAEMONSET);
        Matcher m = Pattern.compile("(?m)^\\s+args: \\[(.*)]$").matcher(manifest);
        assertTrue(m.find(), "args");
        List<String> args = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (quoted.find()) args.add(quoted.group(1));
        assertEquals("run", args.get(0));
        CommandLine run = new CommandLine(new RunCommand().model());
        CommandLine.ParseResult parsed = run.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        assertTrue(parsed.hasMatchedOption("--watch") && parsed.hasMatchedOption("--metrics"), args.toString());
        assertEquals("/etc/sluice/firewall.ebpf", args.get(1));
        for (String needed : List.of("hostNetwork: true", "privileged: true", "path: /sys/fs/bpf", "mountPath: /sys/fs/bpf",
                "mountPath: /etc/sluice", "name: sluice-rules", "prometheus.io/scrape: \"true\"", "prometheus.io/port: \"9464\"")) {
            assertTrue(manifest.contains(needed), needed);
        }
        Path rules = dir.resolve("firewall.ebpf");
        Files.writeString(rules, configMapRules());
        MainTest.Outcome compiled = MainTest.run("compile", rules.toString(), "--emit", "hex");
        assertEquals(0, compiled.code(), compiled.err());
    }

    @Test
    void theContainerfileCopiesEveryModuleAndTheJarTheBuildMakes() throws Exception {
        String file = Files.readString(CONTAINERFILE);
        Path project = Path.of("..");
        List<String> copied = new ArrayList<>();
        Matcher copy = Pattern.compile("(?m)^COPY (\\S+) \\S+$").matcher(file);
        while (copy.find()) {
            assertTrue(Files.exists(project.resolve(copy.group(1))), copy.group(1) + " exists");
            copied.add(copy.group(1));
        }
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(project.resolve("pom.xml")));
        while (module.find()) assertTrue(copied.contains(module.group(1)), "module " + module.group(1) + " is copied");
        assertTrue(file.contains("COPY --from=build /src/cli/target/sluice.jar /opt/sluice/sluice.jar"), file);
        assertTrue(Files.readString(project.resolve("cli/pom.xml")).contains("<finalName>sluice</finalName>"), "the jar's name");
        assertTrue(file.contains("FROM eclipse-temurin:17-jre"), "a JRE 17 runs it");
    }
}
