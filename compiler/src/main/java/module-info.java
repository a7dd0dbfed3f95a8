/**
 * The compiler from the rule model to eBPF. Public API: the facade ({@code SluiceCompiler},
 * {@code CompiledProgram}, ...), the instruction set and the program image the runtime loads and
 * users read. The passes and their intermediate forms are internal: a few are exported, by name,
 * only to the Sluice modules that read them; the rest are not exported at all.
 */
module dev.sluice.compiler {
    requires transitive dev.sluice.dsl;

    exports dev.sluice.compiler;
    exports dev.sluice.compiler.isa;
    exports dev.sluice.compiler.image;

    exports dev.sluice.compiler.elf to dev.sluice.runtime, dev.sluice.cli;
    exports dev.sluice.compiler.hooks to dev.sluice.runtime, dev.sluice.cli;
    exports dev.sluice.compiler.maps to dev.sluice.runtime, dev.sluice.cli;
    exports dev.sluice.compiler.check to dev.sluice.cli, dev.sluice.testing;
    exports dev.sluice.compiler.trace to dev.sluice.cli;
}
