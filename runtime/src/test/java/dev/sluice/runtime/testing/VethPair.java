package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair, for tests that send real traffic: namespace A holds
 * interface A with 198.18.0.1/24, namespace B interface B with 198.18.0.2/24 (RFC 2544's
 * benchmarking range, never routed). Neighbour entries are static, so the first datagrams are not
 * lost to ARP. Traffic goes only between the two namespaces. {@link #close()} deletes both
 * namespaces, which removes the veth pair; use it in a finally block or try-with-resources.
 */
public final class VethPair implements AutoCloseable {
    public static final String ADDRESS_A = "198.18.0.1";
    public static final String ADDRESS_B = "198.18.0.2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String nsA;
    private final String nsB;
    private final String ifA;
    private final String ifB;
    private boolean closed;
    /**
     * Deletes the namespaces when the JVM ends before {@link #close()} (a test run stopped with
     * SIGTERM or Ctrl-C, which runs shutdown hooks but no finally blocks).
     */
    private final Thread onExit = new Thread(this::deleteNamespaces, "veth-pair-cleanup");

    private VethPair(String nsA, String nsB, String ifA, String ifB) {
        this.nsA = nsA;
        this.nsB = nsB;
        this.ifA = ifA;
        this.ifB = ifB;
    }

    /** Creates the pair; skips (or fails under SLUICE_KERNEL_TESTS=require) where `ip` or root is missing. */
    public static VethPair create() {
        Requirements.tool("ip", "iproute2");
        String tag = ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        VethPair pair = new VethPair("sluice-a" + tag, "sluice-b" + tag, "sla" + tag, "slb" + tag);
        Runtime.getRuntime().addShutdownHook(pair.onExit);
        Shell.Result add = Shell.tryRun("ip", "netns", "add", pair.nsA);
        Requirements.require(add.exitCode() == 0, "cannot create a network namespace: " + add.output());
        try {
            Shell.run("ip", "netns", "add", pair.nsB);
            // No IPv6 (no router or neighbour solicitations): only the test's own datagrams cross the pair.
            for (String ns : new String[] {pair.nsA, pair.nsB}) {
                Shell.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
                Shell.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
            }
            Shell.run("ip", "-n", pair.nsA, "link", "add", pair.ifA, "type", "veth", "peer", "name", pair.ifB,
                    "netns", pair.nsB);
            Shell.run("ip", "-n", pair.nsA, "addr", "add", ADDRESS_A + "/24", "dev", pair.ifA);
            Shell.run("ip", "-n", pair.nsB, "addr", "add", ADDRESS_B + "/24", "dev", pair.ifB);
            Shell.run("ip", "-n", pair.nsA, "link", "set", pair.ifA, "up");
            Shell.run("ip", "-n", pair.nsB, "link", "set", pair.ifB, "up");
            Shell.run("ip", "-n", pair.nsA, "link", "set", "lo", "up");
            Shell.run("ip", "-n", pair.nsB, "link", "set", "lo", "up");
            Shell.run("ip", "-n", pair.nsA, "neigh", "replace", ADDRESS_B, "lladdr", pair.mac(pair.nsB, pair.ifB),
                    "dev", pair.ifA, "nud", "permanent");
            Shell.run("ip", "-n", pair.nsB, "neigh", "replace", ADDRESS_A, "lladdr", pair.mac(pair.nsA, pair.ifA),
                    "dev", pair.ifB, "nud", "permanent");
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    public String namespaceA() {
        return nsA;
    }

    public String namespaceB() {
        return nsB;
    }

    public String interfaceA() {
        return ifA;
    }

    public String interfaceB() {
        return ifB;
    }

    /** The interface index of A inside namespace A. */
    public int ifindexA() {
        return ifindex(nsA, ifA);
    }

    public int ifindexB() {
        return ifindex(nsB, ifB);
    }

    public String macA() {
        return mac(nsA, ifA);
    }

    public String macB() {
        return mac(nsB, ifB);
    }

    /**
     * Sends {@code count} UDP datagrams of {@code payload} bytes from B to A's {@code port}, through
     * bash's /dev/udp (one socket, a bounded loop).
     */
    public void sendUdpToA(int count, int port, int payload) {
        sendUdp(nsB, ADDRESS_A, count, port, payload);
    }

    public void sendUdpToB(int count, int port, int payload) {
        sendUdp(nsA, ADDRESS_B, count, port, payload);
    }

    private static void sendUdp(String ns, String to, int count, int port, int payload) {
        if (count < 0 || count > 100_000) throw new IllegalArgumentException("count " + count);
        String data = "x".repeat(Math.max(1, payload));
        // /dev/udp connects the socket, so an ICMP port-unreachable from a port nobody listens on makes
        // the next send fail with ECONNREFUSED without sending: such sends are retried, a bounded number of times.
        String script = "exec 3>/dev/udp/" + to + "/" + port + "; sent=0; tries=0; "
                + "while ((sent < " + count + " && tries < " + (2 * count + 100) + ")); do ((tries++)); "
                + "printf '" + data + "' >&3 2>/dev/null && ((sent++)); done; "
                + "((sent == " + count + ")) || { echo \"sent $sent of " + count + "\"; exit 1; }";
        Shell.run("ip", "netns", "exec", ns, "bash", "-c", script);
    }

    /** Datagrams namespace A's UDP layer received, with or without a listening socket. */
    public long udpReceivedByA() {
        return settled(nsA);
    }

    public long udpReceivedByB() {
        return settled(nsB);
    }

    /** veth delivers through a backlog queue, so the count is read again until it stops moving. */
    private static long settled(String ns) {
        long last = udpReceived(ns);
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            long now = udpReceived(ns);
            if (now == last && i >= 1) return now;
            last = now;
        }
        return last;
    }

    private static long udpReceived(String ns) {
        String snmp = Shell.run("ip", "netns", "exec", ns, "cat", "/proc/net/snmp");
        String[] header = null;
        for (String line : snmp.split("\n")) {
            if (!line.startsWith("Udp:")) continue;
            String[] fields = line.substring(4).trim().split("\\s+");
            if (header == null) {
                header = fields;
                continue;
            }
            long total = 0;
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("InDatagrams") || header[i].equals("NoPorts") || header[i].equals("InErrors")) {
                    total += Long.parseLong(fields[i]);
                }
            }
            return total;
        }
        throw new IllegalStateException("no Udp line in /proc/net/snmp of " + ns);
    }

    private String mac(String ns, String dev) {
        String out = Shell.run("ip", "-n", ns, "-o", "link", "show", "dev", dev);
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(out);
        if (!m.find()) throw new IllegalStateException("no MAC address for " + dev + ": " + out);
        return m.group(1);
    }

    private static int ifindex(String ns, String dev) {
        String out = Shell.run("ip", "-n", ns, "-o", "link", "show", "dev", dev);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    /** Whether namespace {@code name} exists (for leak checks). */
    public static boolean namespaceExists(String name) {
        return Shell.run("ip", "netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(name));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // Closed by another hook while the JVM ends: the hook deletes nothing left.
        }
    }

    private void deleteNamespaces() {
        Shell.tryRun("ip", "netns", "del", nsA);
        Shell.tryRun("ip", "netns", "del", nsB);
    }
}
