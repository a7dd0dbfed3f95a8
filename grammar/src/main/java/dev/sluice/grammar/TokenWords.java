package dev.sluice.grammar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Token types in a user's words: "a number", "an address", "'{'", "end of file". */
final class TokenWords {
    private TokenWords() {}

    static String of(int type) {
        switch (type) {
            case Token.EOF: return "end of file";
            case EbpfLexer.DECIMAL: case EbpfLexer.HEX: return "a number";
            case EbpfLexer.IPV4: case EbpfLexer.COLON_ADDRESS: return "an address";
            case EbpfLexer.STRING: return "a string";
            case EbpfLexer.NAME: return "a name";
            case EbpfLexer.TRACEPOINT_ID: return "CATEGORY:EVENT";
            case EbpfLexer.UNKNOWN_CHAR: return "an unexpected character";
            default: {
                String literal = EbpfLexer.VOCABULARY.getLiteralName(type);
                return literal != null ? literal : EbpfLexer.VOCABULARY.getDisplayName(type).toLowerCase();
            }
        }
    }

    /** "a number, an address or '('" for an expected set, with keyword lists shortened. */
    static String expected(IntervalSet set) {
        Set<String> words = new LinkedHashSet<>();
        boolean protocols = false;
        boolean hooks = false;
        for (int type : set.toArray()) {
            if (type >= EbpfLexer.ETH && type <= EbpfLexer.FRAG) {
                protocols = true;
            } else if (type == EbpfLexer.XDP || type == EbpfLexer.TC || type == EbpfLexer.SOCKET || type == EbpfLexer.CGROUP
                    || type == EbpfLexer.KPROBE || type == EbpfLexer.KRETPROBE || type == EbpfLexer.UPROBE
                    || type == EbpfLexer.URETPROBE || type == EbpfLexer.TRACEPOINT || type == EbpfLexer.PROFILE) {
                hooks = true;
            } else {
                words.add(of(type));
            }
        }
        List<String> list = new ArrayList<>();
        if (hooks) list.add("a program (xdp, tc, socket, cgroup, kprobe, uprobe, tracepoint, profile)");
        if (protocols) list.add("a field (tcp.dport, ip.src, ...)");
        list.addAll(words);
        if (list.size() > 8) list = list.subList(0, 8);
        if (list.isEmpty()) return "something else";
        if (list.size() == 1) return list.get(0);
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }
}
