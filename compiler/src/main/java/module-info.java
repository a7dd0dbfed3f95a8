/**
 * The compiler from the rule model to eBPF. Public API: the facade ({@code SluiceCompiler},
 * {@code CompiledProgram}, ...), the program image the runtime loads and users read, and every
 * package whose types that API names: the instruction set, the maps, the hook table, tracepoint
 * formats and architectures, the interpreter, the object-file writer and reader, and the compile
 * error. The passes and their intermediate forms ({@code lower}, {@code codegen}) are internal and
 * not exported at all (tests/.../ApiSignaturesTest keeps every exported signature within the API).
 */
module dev.sluice.compiler {
    requires transitive dev.sluice.dsl;

    exports dev.sluice.compiler;
    exports dev.sluice.compiler.check;
    exports dev.sluice.compiler.elf;
    exports dev.sluice.compiler.hooks;
    exports dev.sluice.compiler.image;
    exports dev.sluice.compiler.interp;
    exports dev.sluice.compiler.isa;
    exports dev.sluice.compiler.maps;
    exports dev.sluice.compiler.trace;
}
