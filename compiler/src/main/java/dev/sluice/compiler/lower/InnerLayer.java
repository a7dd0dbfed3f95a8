package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.hooks.PacketField;
import java.util.Optional;

/**
 * The names under {@code inner.} that the language refuses (docs/LANGUAGE-RAW-BYTES.md, "Tunnels"): one level
 * of tunnel only, no inner packet length, and no inner layer where the parse does not reach it.
 */
final class InnerLayer {
    private InnerLayer() {}

    /** Why {@code name} cannot be read in a program with {@code access}, when it is an inner name that cannot. */
    static Optional<String> refusal(String name, ContextAccess access) {
        if (!name.startsWith(PacketField.INNER_PREFIX)) return Optional.empty();
        String rest = name.substring(PacketField.INNER_PREFIX.length());
        if (rest.startsWith(PacketField.INNER_PREFIX)) {
            // Named by the layers rather than the whole name: the grammar locates it at the second inner.
            return Optional.of("inner.inner: Sluice reads one tunnel level; " + name + " would read a tunnel inside the inner"
                    + " packet, which is not followed (" + PacketField.INNER_PREFIX + withoutLayers(rest)
                    + " reads the packet the outer tunnel carries)");
        }
        if (rest.equals(PacketField.PKT_LEN.scriptName())) {
            return Optional.of(name + ": the inner packet has no length of its own; compare pkt.len, or the inner header's"
                    + " length field (inner.ip.len, inner.ip6.plen, inner.udp.len)");
        }
        if (rest.equals(PacketField.VXLAN_VNI.scriptName()) || rest.equals(PacketField.GENEVE_VNI.scriptName())) {
            return Optional.of(name + ": one level of tunnel only (a tunnel inside the inner packet is not followed);"
                    + " the outer tunnel's identifier is " + rest);
        }
        if (access == ContextAccess.SOCKET) {
            return Optional.of(name + " is not available in socket programs (xdp, tc and cgroup programs read the inner layer)");
        }
        return Optional.empty();
    }

    /** {@code name} without its layer prefixes: {@code tcp.dport} for {@code inner.inner.tcp.dport}. */
    private static String withoutLayers(String name) {
        String out = name;
        while (out.startsWith(PacketField.INNER_PREFIX)) out = out.substring(PacketField.INNER_PREFIX.length());
        return out;
    }
}
