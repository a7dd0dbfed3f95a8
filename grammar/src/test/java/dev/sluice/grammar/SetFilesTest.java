package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code set NAME = file "PATH"}: relative to the script, one address or CIDR a line, mistakes where they are. */
class SetFilesTest {
    @TempDir
    Path dir;

    Scripts.Result parseScript(String text) throws IOException {
        Path script = dir.resolve("fw.ebpf");
        Files.writeString(script, text);
        return Scripts.parse(script);
    }

    @Test
    void aGoodFileBesideTheScript() throws IOException {
        Files.writeString(dir.resolve("blocked.txt"), """
                # blocked hosts
                203.0.113.7
                   10.0.0.0/8   # indented, with a comment

                2001:db8::1
                aa:bb:cc:dd:ee:ff
                """);
        Scripts.Result r = parseScript("set blocked = file \"blocked.txt\"\nxdp { when ip.src in blocked { drop } }\n");
        assertEquals("", r.render());
        NamedSet set = r.script().orElseThrow().sets().get(0);
        String name = dir.resolve("blocked.txt").toString();
        assertEquals(List.of(
                new Expr.Ipv4(0xcb007107L, new SourceLocation(name, 2, 1)),
                new Expr.Cidr(false, 0x0a000000L, 0, 8, new SourceLocation(name, 3, 4)),
                new Expr.Ipv6(0x20010db800000000L, 1, new SourceLocation(name, 5, 1)),
                new Expr.Mac(0xaabbccddeeffL, new SourceLocation(name, 6, 1))), set.members());
        assertEquals(Optional.of("blocked.txt"), set.file());
    }

    @Test
    void aPathInASubdirectoryAndWindowsLineEnds() throws IOException {
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/v6.txt"), "fd00::/8\r\n::1\r\n");
        Scripts.Result r = parseScript("set v6 = file \"lists/v6.txt\"");
        assertEquals("", r.render());
        assertEquals(2, r.script().orElseThrow().sets().get(0).members().size());
    }

    @Test
    void badLinesAreDiagnosticsInTheSetFile() throws IOException {
        Files.writeString(dir.resolve("blocked.txt"), "10.0.0.1\n10.1.2.3/8\n  bogus # what\n42\n192.0.2.1 192.0.2.2\n");
        Scripts.Result r = parseScript("set blocked = file \"blocked.txt\"\n");
        String name = dir.resolve("blocked.txt").toString();
        assertEquals(List.of(
                Parsing.error(name, 2, 1, 10, "'10.1.2.3/8' has host bits set; the network is 10.0.0.0/8"),
                Parsing.error(name, 3, 3, 5, "'bogus' is not a number, an address, a CIDR or a MAC"),
                Parsing.error(name, 4, 1, 2, "expected an address or CIDR (192.0.2.1, 10.0.0.0/8, 2001:db8::/32), found '42'"),
                Parsing.error(name, 5, 11, 9, "one address or CIDR a line; found '192.0.2.2' after '192.0.2.1'")), r.diagnostics());
        assertTrue(r.script().isEmpty());
        // The caret quotes the set file's line, not the script's.
        assertTrue(r.render().contains("  10.1.2.3/8\n  ^^^^^^^^^^\n"), r.render());
    }

    @Test
    void aMissingFileIsAnErrorAtTheFileClause() throws IOException {
        Scripts.Result r = parseScript("# sets\nset blocked = file \"nope.txt\"\n");
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(dir.resolve("fw.ebpf").toString(), d.location().file());
        assertEquals(2, d.location().line());
        assertEquals(15, d.location().column());
        assertEquals("file \"nope.txt\"".length(), d.length());
        assertEquals("cannot read set file \"nope.txt\": " + dir.resolve("nope.txt") + " does not exist", d.message());
    }

    @Test
    void aDirectoryIsUnreadableToo() throws IOException {
        Files.createDirectories(dir.resolve("lists"));
        Diagnostic d = parseScript("set s = file \"lists\"").diagnostics().get(0);
        assertTrue(d.message().startsWith("cannot read set file \"lists\": "), d.message());
    }

    @Test
    void aMissingScriptIsADiagnosticToo() {
        Scripts.Result r = Scripts.parse(dir.resolve("absent.ebpf"));
        assertEquals(List.of(Parsing.error(dir.resolve("absent.ebpf").toString(), 1, 1, 1,
                "cannot read " + dir.resolve("absent.ebpf") + ": it does not exist")), r.diagnostics());
    }

    @Test
    void theSetFileNameSitsBesideTheScriptName() {
        assertEquals("blocked.txt", SetFiles.displayName("blocked.txt", "fw.ebpf"));
        assertEquals(Path.of("rules", "blocked.txt").toString(), SetFiles.displayName("blocked.txt", "rules/fw.ebpf"));
        assertEquals("/etc/blocked.txt", SetFiles.displayName("/etc/blocked.txt", "rules/fw.ebpf"));
    }

    @Test
    void aThousandBadLinesStopAtTheLimit() throws IOException {
        Files.writeString(dir.resolve("bad.txt"), "nonsense\n".repeat(1000));
        Scripts.Result r = parseScript("set s = file \"bad.txt\"");
        assertEquals(ScriptParser.MAX_ERRORS, r.diagnostics().size());
    }
}
