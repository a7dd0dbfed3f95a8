package dev.sluice.dsl.model;

import java.util.Objects;

/**
 * The qualifiers in front of a pcap-filter value ({@code tcp dst port}): protocol, direction and
 * what the value is. Each may be left to its default, as libpcap's {@code Q_DEFAULT}.
 */
public record PcapQualifiers(PcapProtocol protocol, Direction direction, Kind kind) {
    /** No qualifier at all. */
    public static final PcapQualifiers NONE = new PcapQualifiers(PcapProtocol.DEFAULT, Direction.DEFAULT, Kind.DEFAULT);

    /** Rejects missing qualifiers (use the DEFAULT constants). */
    public PcapQualifiers {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(direction);
        Objects.requireNonNull(kind);
    }

    /** {@code src}, {@code dst}, {@code src or dst}, {@code src and dst}. */
    public enum Direction {
        /** None written: source or destination. */
        DEFAULT,
        /** {@code src} */
        SRC,
        /** {@code dst} */
        DST,
        /** {@code src or dst} */
        OR,
        /** {@code src and dst} */
        AND
    }

    /** What the value names. */
    public enum Kind {
        /** None written: a host for addresses, else by the protocol. */
        DEFAULT,
        /** {@code host} */
        HOST,
        /** {@code net} */
        NET,
        /** {@code port} */
        PORT,
        /** {@code portrange} */
        PORTRANGE,
        /** {@code proto} */
        PROTO,
        /** {@code protochain} */
        PROTOCHAIN
    }
}
