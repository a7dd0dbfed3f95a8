package dev.sluice.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrows point down (docs/ARCHITECTURE.md): the module layering, no import circles between packages
 * or between source files, the rule model free of the fluent builder, and short source files.
 *
 * <p>The rules that the code broke when they were written are frozen ({@code freeze}): the
 * violations of that day are listed in {@code src/test/resources/archunit_store}, one file per rule,
 * and only a violation not listed there fails. The store is never written in a normal run
 * ({@code archunit.properties}), so a violation that has been removed fails too, until the store is
 * shrunk with it: {@code mvn -pl tests test -Dtest=ArchitectureTest
 * -Darchunit.freeze.store.default.allowStoreUpdate=true} deletes the lines of removed violations and
 * still fails on new ones. Commit the shrunk store with the change that removed them. A violation
 * whose text changed (a circle that lost a member) is both removed and new: record the store again
 * with {@code -Darchunit.freeze.refreeze=true} added, and check that its diff only removes or
 * narrows lines. The module layering and the rule on tests and benchmarks held from the start: not
 * frozen.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = MainClasses.get();
    }

    @Test
    void theImportSeesEveryModuleAndNoTestCode() {
        for (String module : new String[] {"dsl", "dsl.model", "grammar", "compiler", "runtime", "runtime.sys", "testing", "cli"}) {
            assertTrue(main.containPackage("dev.sluice." + module), "no main classes imported from dev.sluice." + module);
        }
        assertTrue(main.stream().noneMatch(c -> c.getPackageName().startsWith("dev.sluice.tests")
                || c.getPackageName().startsWith("dev.sluice.runtime.testing")
                || c.getPackageName().startsWith("dev.sluice.compiler.testing")), "test classes were imported");
    }

    @Test
    void modulesDependOnlyOnTheModulesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("dsl").definedBy("dev.sluice.dsl..")
                .layer("grammar").definedBy("dev.sluice.grammar..")
                .layer("compiler").definedBy("dev.sluice.compiler..")
                .layer("runtime").definedBy("dev.sluice.runtime..")
                .layer("testing kit").definedBy("dev.sluice.testing..")
                .layer("cli").definedBy("dev.sluice.cli..")
                .whereLayer("dsl").mayNotAccessAnyLayer()
                .whereLayer("grammar").mayOnlyAccessLayers("dsl")
                .whereLayer("compiler").mayOnlyAccessLayers("dsl")
                .whereLayer("runtime").mayOnlyAccessLayers("compiler", "dsl")
                .whereLayer("testing kit").mayOnlyAccessLayers("runtime", "compiler", "grammar", "dsl")
                .ensureAllClassesAreContainedInArchitecture()
                .check(main);
    }

    @Test
    void mainCodeDependsOnNeitherTestsNorBenchmarks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.sluice.tests..", "dev.sluice.bench..")
                .check(main);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        freeze(classes().should(ImportCircles.betweenPackages()).as("no import circles between packages")).check(main);
    }

    @Test
    void noSourceFilesDependOnEachOtherInACircle() {
        HandWritten handWritten = HandWritten.under(ROOT);
        assertTrue(main.stream().filter(handWritten).count() > 300, "few classes have a hand-written source file");
        freeze(classes().that(handWritten).should(ImportCircles.betweenTopLevelClasses())
                .as("no import circles between hand-written top-level classes")).check(main);
    }

    @Test
    void theRuleModelKnowsNothingOfTheFluentApi() {
        freeze(noClasses().that().resideInAPackage("dev.sluice.dsl.model..")
                .should().dependOnClassesThat().resideInAPackage("dev.sluice.dsl")
                .as("the model dev.sluice.dsl.model does not depend on the fluent dev.sluice.dsl")).check(main);
    }

    @Test
    void noHandWrittenMainSourceFileIsLongerThan500Lines() {
        SourceFileLengthRule rule = SourceFileLengthRule.of(ROOT, 500);
        assertTrue(rule.mainSourceFiles().size() > 100, "the scan found only " + rule.mainSourceFiles().size() + " files");
        freeze(rule).check(main);
    }
}
