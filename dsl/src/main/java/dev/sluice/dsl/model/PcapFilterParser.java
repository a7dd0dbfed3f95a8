package dev.sluice.dsl.model;

/**
 * Parses pcap-filter text into the model. The model lives here, the ANTLR grammar in the grammar
 * module, which depends on this one; so the grammar provides this service ({@code provides} in its
 * module-info, and META-INF/services for the class path) and {@link PcapFilters#parse} looks it up.
 */
public interface PcapFilterParser {
    /** The tree of {@code text}, or its first error with the column it is at. */
    PcapFilter parse(String text);
}
