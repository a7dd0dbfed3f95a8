/**
 * The {@code .ebpf} text form of the rules: parses a script into the model of {@code dev.sluice.dsl}
 * and prints a model back as a script. The package is exported because the text language is part
 * of the DSL; ANTLR's generated lexer and parser live in it too (ANTLR places them by the
 * grammar's folder), so they are visible but are not meant to be called.
 */
module dev.sluice.grammar {
    requires transitive dev.sluice.dsl;
    requires org.antlr.antlr4.runtime;

    exports dev.sluice.grammar;

    provides dev.sluice.dsl.model.PcapFilterParser with dev.sluice.grammar.pcap.PcapGrammar;
}
