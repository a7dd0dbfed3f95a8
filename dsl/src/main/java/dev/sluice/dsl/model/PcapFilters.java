package dev.sluice.dsl.model;

/** Parsing pcap-filter text with the parser the grammar module provides (see {@link PcapFilterParser}). */
public final class PcapFilters {
    private PcapFilters() {}

    /** The parsed filter, or its first error; an error too when no parser is on the module or class path. */
    public static PcapFilter parse(String text) {
        return java.util.ServiceLoader.load(PcapFilterParser.class, PcapFilterParser.class.getClassLoader()).findFirst()
                .map(p -> p.parse(text))
                .orElseGet(() -> new PcapFilter.Invalid(text, 1, "no pcap-filter parser is available (the dev.sluice.grammar module provides it)"));
    }
}
