package dev.sluice.compiler.lower;

import dev.sluice.compiler.check.Suggestions;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Field names to fields in the hook's domain: packet and device fields here (the TCP flag tests
 * read {@code tcp.flags}), trace fields through {@link TraceLowering}; an unknown name is reported
 * with the nearest known one.
 */
final class FieldLowering {
    private static final Map<String, Integer> FLAGS = Map.of("tcp.fin", 0x01, "tcp.syn", 0x02, "tcp.rst", 0x04,
            "tcp.psh", 0x08, "tcp.ack", 0x10, "tcp.urg", 0x20);

    private final Hook hook;
    private final Target target;
    private final TraceLowering trace;
    private final BiConsumer<SourceLocation, String> error;

    FieldLowering(Hook hook, Target target, TraceLowering trace, BiConsumer<SourceLocation, String> error) {
        this.hook = hook;
        this.target = target;
        this.trace = trace;
        this.error = error;
    }

    /** The bit a TCP flag test ({@code tcp.syn}) looks for in {@code tcp.flags}. */
    static Optional<Integer> flagBit(String name) {
        return Optional.ofNullable(FLAGS.get(withoutInner(name)));
    }

    private static String withoutInner(String name) {
        return name.startsWith(PacketField.INNER_PREFIX) ? name.substring(PacketField.INNER_PREFIX.length()) : name;
    }

    /**
     * Why a {@code pcap} filter cannot run in this hook, if it cannot: libpcap's offsets count from
     * the Ethernet header, which only xdp and tc programs read directly.
     */
    Optional<String> pcapRefusal() {
        var access = target.access();
        if (access == dev.sluice.compiler.hooks.ContextAccess.XDP || access == dev.sluice.compiler.hooks.ContextAccess.SKB) {
            return Optional.empty();
        }
        return Optional.of("pcap filters need Ethernet frames read directly (xdp, tc), not " + hook.kind() + " programs");
    }

    /**
     * Why raw bytes of {@code header} ({@code tcp[13]}, {@code inner.tcp[13]}) cannot be read in this hook, if
     * they cannot: they need the packet's bytes in place, and an inner header the inner layer.
     */
    Optional<String> rawBytesRefusal(String header) {
        var access = target.access();
        Optional<String> innerRefusal = InnerLayer.refusal(header, access);
        if (innerRefusal.isPresent()) return innerRefusal;
        // Socket filters copy the bytes with a helper instead (SocketRawBytesCode).
        if (access.data() >= 0 || access == dev.sluice.compiler.hooks.ContextAccess.SOCKET) return Optional.empty();
        return Optional.of("raw bytes read a packet, which " + hook.kind().replace('_', ' ') + " programs do not have");
    }


    Optional<PacketField> field(Expr.Field f) {
        if (trace.trace()) return trace.field(f);
        String layer = f.name().startsWith(PacketField.INNER_PREFIX) ? PacketField.INNER_PREFIX : "";
        String name = FLAGS.containsKey(withoutInner(f.name())) ? layer + "tcp.flags" : f.name();
        Optional<String> innerRefusal = InnerLayer.refusal(name, target.access());
        if (innerRefusal.isPresent()) {
            error.accept(f.location(), innerRefusal.get());
            return Optional.empty();
        }
        List<String> known = Arrays.stream(PacketField.values())
                .filter(pf -> pf.domain() == target.domain() && !pf.isHeaderStart()).map(PacketField::scriptName).toList();
        if (!known.contains(name)) {
            List<String> candidates = new ArrayList<>(known);
            candidates.addAll(FLAGS.keySet());
            String hint = Suggestions.nearest(f.name(), candidates).map(s -> "; did you mean " + s + "?").orElse("");
            error.accept(f.location(), "unknown field " + f.name() + " in " + hook.kind() + " programs" + hint);
            return Optional.empty();
        }
        return Optional.of(PacketField.byScriptName(name));
    }

    /** A value read by an aggregate, a key or print: a field with a value, or str(FIELD). */
    Optional<PacketField> value(Expr e, String role) {
        if (e instanceof Expr.Call call) return trace.string(call);
        boolean inTrace = trace.trace();
        if (!(e instanceof Expr.Field f)) {
            error.accept(e.location(), role + " takes a field" + (inTrace ? " or str(FIELD)" : "") + " here (for example "
                    + (inTrace ? "pid or arg0" : "ip.proto or (ip.src, tcp.dport)") + "); computed values are not compiled yet");
            return Optional.empty();
        }
        Optional<PacketField> pf = field(f);
        if (pf.isPresent() && pf.get().isProtocolTest()) {
            error.accept(f.location(), f.name() + " is a test, not a value");
            return Optional.empty();
        }
        return pf;
    }

    /** The fields of a {@code by} key: fields, or {@code str(FIELD)} in trace programs. */
    List<PacketField> keyFields(List<Expr> exprs) {
        List<PacketField> key = new ArrayList<>();
        for (Expr e : exprs) value(e, "a key").ifPresent(key::add);
        return key;
    }
}
