/**
 * Sluice's rule model and the fluent Java DSL that builds it. Both packages are public API: the
 * grammar, the compiler and users' Java rules all build or read {@code dev.sluice.dsl.model}.
 */
module dev.sluice.dsl {
    exports dev.sluice.dsl;
    exports dev.sluice.dsl.model;

    uses dev.sluice.dsl.model.PcapFilterParser;
}
