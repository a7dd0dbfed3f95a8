package dev.sluice.bench;

import dev.sluice.compiler.hooks.ContextAccess;

import static dev.sluice.dsl.Sluice.ip;
import static dev.sluice.dsl.Sluice.udp;
import static dev.sluice.dsl.Sluice.xdp;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.codegen.FilterCodegen;
import dev.sluice.compiler.codegen.MapLayout;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.dsl.ProgramStep;
import dev.sluice.dsl.model.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compile time to instruction bytes, for 1, 100 and 10,000 rules of the shape
 * {@code when ip.src == A and udp.dport == P { count N; drop }} (distinct A and P per rule, 16
 * counters): {@link #fromRuleModel} from the DSL's rule model through {@link SluiceCompiler#compile}
 * (check, lowering, code generation); {@link #fromLowered} from the lowered form (code generation
 * only). Run: {@code java -jar bench/target/benchmarks.jar CompileTime}. The growth up to
 * 100,000 rules (past the kernel's instruction limit, where compiling ends in a refusal) is
 * {@link CompileTimeCurve}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompileTimeBenchmark {
    @Param({"1", "100", "10000"})
    public int rules;

    private FilterProgram program;
    private Program model;

    @Setup
    public void build() {
        program = rules(rules);
        model = ruleModel(rules);
    }

    /** The same rules in the DSL. */
    static Program ruleModel(int n) {
        ProgramStep p = xdp("rules");
        for (int i = 0; i < n; i++) {
            long a = 0x0a000000L + i;
            String address = (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
            p = p.when(ip().src().eq(address).and(udp().dport(1024 + i % 60000))).count("c" + i % 16).drop();
        }
        return p;
    }

    static FilterProgram rules(int n) {
        List<Statement> body = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Condition c = new Condition.All(List.of(
                    new Condition.Compare(PacketField.IP_SRC, Condition.CompareOp.EQ, 0x0a000000L + i),
                    new Condition.Compare(PacketField.UDP_DPORT, Condition.CompareOp.EQ, 1024 + i % 60000)));
            body.add(new Statement.When(c, List.of(new Statement.Count(i % 16), new Statement.Verdict(1))));
        }
        return new FilterProgram(ContextAccess.XDP, body, 2, 16);
    }

    @Benchmark
    public byte[] fromRuleModel() {
        CompiledProgram compiled = SluiceCompiler.compile(model);
        return compiled.code().encode();
    }

    @Benchmark
    public byte[] fromLowered() {
        CompiledFilter compiled = FilterCodegen.compile(program, MapLayout.of(program));
        return compiled.code().encode();
    }
}
