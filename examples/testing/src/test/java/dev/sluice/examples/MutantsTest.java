package dev.sluice.examples;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Are FirewallTest's properties strong enough? Each class below is the firewall with one bug, of the
 * kind a person makes; FirewallTest's properties run against each, and each must fail at least one of
 * them, while the firewall itself fails none. Prints which property caught which bug after how many tries.
 */
class MutantsTest {
    static final class SshPort23 extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                    .when(tcp().dport(23).and(not(ip().src().in(Firewall.TRUSTED)))).count("ssh_refused").drop()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop().otherwise().pass();
        }
    }

    static final class SshPortNotEqual extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                    .when(tcp().dport().ne(22).and(not(ip().src().in(Firewall.TRUSTED)))).count("ssh_refused").drop()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop().otherwise().pass();
        }
    }

    static final class TrustedNotNegated extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                    .when(tcp().dport(22).and(ip().src().in(Firewall.TRUSTED))).count("ssh_refused").drop()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop().otherwise().pass();
        }
    }

    static final class TrustedMemberRemoved extends FirewallTest {
        @Override Program firewall() {
            return withTrusted(set("trusted", "10.0.0.0/8"));
        }
    }

    static final class TrustedMemberAdded extends FirewallTest {
        @Override Program firewall() {
            return withTrusted(set("trusted", "10.0.0.0/8", "11.0.0.0/8", "192.168.0.0/16"));
        }
    }

    static final class SshPassed extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                    .when(tcp().dport(22).and(not(ip().src().in(Firewall.TRUSTED)))).count("ssh_refused").pass()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop().otherwise().pass();
        }
    }

    static final class BlockedPassed extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                    .when(tcp().dport(22).and(not(ip().src().in(Firewall.TRUSTED)))).count("ssh_refused").drop()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").pass().otherwise().pass();
        }
    }

    static final class DnsRuleLast extends FirewallTest {
        @Override Program firewall() {
            return xdp("firewall")
                    .when(tcp().dport(22).and(not(ip().src().in(Firewall.TRUSTED)))).count("ssh_refused").drop()
                    .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop()
                    .when(udp().dport(53)).count("dns").pass().otherwise().pass();
        }
    }

    static Program withTrusted(NamedSet trusted) {
        return xdp("firewall").when(udp().dport(53)).count("dns").pass()
                .when(tcp().dport(22).and(not(ip().src().in(trusted)))).count("ssh_refused").drop()
                .when(ip().src().in(Firewall.BLOCKED)).count("blocked").drop().otherwise().pass();
    }

    /** One property's run: whether it failed, after how many tries (jqwik's count, up to the first failing one). */
    record PropertyRun(String property, boolean failed, int tries) {}

    @Test
    void everyMutantFailsAPropertyAndTheFirewallFailsNone() {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("mutant | properties that failed (tries to the failure)\n");
        for (Class<? extends FirewallTest> c : List.of(FirewallTest.class, SshPort23.class, SshPortNotEqual.class, TrustedNotNegated.class,
                TrustedMemberRemoved.class, TrustedMemberAdded.class, SshPassed.class, BlockedPassed.class, DnsRuleLast.class)) {
            List<PropertyRun> runs = properties(c);
            List<String> failed = runs.stream().filter(PropertyRun::failed).map(r -> r.property() + " (" + r.tries() + ")").toList();
            table.append(c.getSimpleName()).append(" | ").append(failed.isEmpty() ? "none" : String.join(", ", failed)).append('\n');
            if (runs.size() != 4) problems.add(c.getSimpleName() + ": ran " + runs.size() + " properties, not 4");
            if (c == FirewallTest.class != failed.isEmpty()) problems.add(c.getSimpleName() + (failed.isEmpty() ? " survived" : " fails"));
        }
        System.out.print(table);
        assertEquals(List.of(), problems, table.toString());
    }

    private static final Pattern TRIES = Pattern.compile("tries = (\\d+)");

    /** Runs the jqwik properties of {@code c} (not the kernel @Test) through the JUnit Platform. */
    static List<PropertyRun> properties(Class<? extends FirewallTest> c) {
        Map<String, Integer> tries = new LinkedHashMap<>();
        Map<TestIdentifier, Boolean> finished = new LinkedHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                for (String value : entry.getKeyValuePairs().values()) {
                    Matcher m = TRIES.matcher(value);
                    if (m.find()) tries.put(test.getUniqueId(), Integer.parseInt(m.group(1)));
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) finished.put(test, result.getStatus() != TestExecutionResult.Status.SUCCESSFUL);
            }
        };
        // Whether a property fails is the question here, not the smallest frame that fails it: no shrinking, and
        // 300 tries rather than 1000 (the mutants fail within 100); jqwik reports tries to the listener, not stdout.
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(c))
                .filters(EngineFilter.includeEngines("jqwik")).configurationParameter("jqwik.shrinking.default", "OFF")
                .configurationParameter("jqwik.tries.default", "300")
                .configurationParameter("jqwik.reporting.usejunitplatform", "true").build(), listener);
        List<PropertyRun> runs = new ArrayList<>();
        finished.forEach((test, failed) -> runs.add(new PropertyRun(test.getDisplayName(), failed, tries.getOrDefault(test.getUniqueId(), -1))));
        return runs;
    }
}
