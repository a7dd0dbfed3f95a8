package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/** The grammar alone: what parses, how it groups, and how addresses are tokenised. */
class EbpfParserTest {
    static final String FIRST_LOOK = """
            # firewall.ebpf
            set trusted = { 10.0.0.0/8, 192.168.0.0/16, fd00::/8 }
            set blocked = file "blocked.txt"          # one address or CIDR per line, # comments

            xdp firewall {
                when tcp.dport == 22 and ip.src not in trusted { drop }
                when ip.src in blocked { count blocked_hits  drop }
                when udp.dport in {53, 5353} { count dns }
                when tcp.syn and not tcp.ack and tcp.dport in 1000..2000 { drop }
                pass
            }

            tc egress shaper {
                when udp and pkt.len > 1200 { drop }
            }

            kprobe do_sys_openat2 {
                when pid != 1 { count opens by comm }
            }

            tracepoint syscalls:sys_enter_execve {
                print "exec %s by %d", str(args.filename), pid
            }
            """;

    record Parsed(EbpfParser.ScriptContext tree, List<String> errors, EbpfParser parser) {}

    static Parsed parse(String text) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int col, String msg, RecognitionException e) {
                errors.add(line + ":" + col + " " + msg);
            }
        };
        EbpfLexer lexer = new EbpfLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        EbpfParser parser = new EbpfParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        return new Parsed(parser.script(), errors, parser);
    }

    static List<String> tokens(String text) {
        EbpfLexer lexer = new EbpfLexer(CharStreams.fromString(text));
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(EbpfLexer.VOCABULARY.getSymbolicName(t.getType()) + ":" + t.getText());
        }
        return out;
    }

    @Test
    void theSpecsFirstLookParses() {
        Parsed p = parse(FIRST_LOOK);
        assertEquals(List.of(), p.errors());
        assertEquals(6, p.tree().item().size());
    }

    @Test
    void addressesAreSingleTokens() {
        assertEquals(List.of("COLON_ADDRESS:2001:db8::1"), tokens("2001:db8::1"));
        assertEquals(List.of("COLON_ADDRESS:::1"), tokens("::1"));
        assertEquals(List.of("COLON_ADDRESS:::ffff:1.2.3.4"), tokens("::ffff:1.2.3.4"));
        assertEquals(List.of("COLON_ADDRESS:fd00::/8"), tokens("fd00::/8"));
        assertEquals(List.of("COLON_ADDRESS:aa:bb:cc:dd:ee:ff"), tokens("aa:bb:cc:dd:ee:ff"));
        assertEquals(List.of("IPV4:10.0.0.0/8"), tokens("10.0.0.0/8"));
        assertEquals(List.of("DECIMAL:1000", "DOTDOT:..", "DECIMAL:2000"), tokens("1000..2000"));
        assertEquals(List.of("HEX:0x2a"), tokens("0x2a"));
        assertEquals(List.of("TRACEPOINT:tracepoint", "TRACEPOINT_ID:syscalls:sys_enter_openat"),
                tokens("tracepoint syscalls:sys_enter_openat"));
    }

    @Test
    void notBindsLooserThanComparisonAndAmpersandTighter() {
        Parsed p = parse("xdp { when not tcp.dport == 22 { drop } when tcp.flags & 0x12 == 0x02 { pass } }");
        assertEquals(List.of(), p.errors());
        String tree = p.tree().toStringTree(p.parser());
        assertTrue(tree.contains("(expr not (expr (expr (primary (protocol tcp) . dport)) == (expr (primary (integer 22)))))"), tree);
        assertTrue(tree.contains("(expr (expr (expr (primary (protocol tcp) . flags)) & (expr (primary (integer 0x12)))) == "), tree);
    }

    @Test
    void everyHookHeaderParses() {
        Parsed p = parse("""
                xdp { } xdp named { } tc ingress { } tc egress t { } socket { } socket s { }
                cgroup ingress { } cgroup egress c { } cgroup device d { when dev.type == char and dev.major == 1 { drop } }
                kprobe f { } kretprobe f { } uprobe "/bin/bash" readline { } uretprobe "/lib/libc.so.6" malloc { }
                tracepoint sched:sched_switch { } profile hz 99 { count samples by cpu }
                """);
        assertEquals(List.of(), p.errors());
        assertEquals(15, p.tree().item().size());
    }

    @Test
    void statementsAndKeys() {
        Parsed p = parse("""
                kretprobe vfs_read { hist sizes retval by comm; sum bytes retval by (pid, comm) ; print "x %d", retval }
                socket { when ip { truncate 64 } }
                xdp { when ip6.src in { 2001:db8::/32, fe80::1 } { redirect eth1 } when ip { tx } abort }
                """);
        assertEquals(List.of(), p.errors());
    }

    @Test
    void syntaxErrorsAreReported() {
        assertFalse(parse("xdp { when tcp.dport == { drop } }").errors().isEmpty());
        assertFalse(parse("xdp { drop").errors().isEmpty());
        assertFalse(parse("tracepoint 12 { }").errors().isEmpty());
        assertFalse(parse("xdp { when tcp.dport == 22 $ { drop } }").errors().isEmpty());
    }
}
