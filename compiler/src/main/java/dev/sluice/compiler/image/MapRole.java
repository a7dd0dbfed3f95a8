package dev.sluice.compiler.image;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one map of a {@link ProgramImage} is for; readers find maps by role, never by position. */
public sealed interface MapRole {
    /** The per-CPU array of plain counters, one slot each (their names are the image's counter names). */
    record Counters(int slots) implements MapRole {}

    /**
     * A set tested for membership: {@code origin} names the rules' named set it holds (one named set
     * tested on ip.src and ip6.src has two maps), empty for an inline set.
     */
    record Set(String name, String origin, PacketField field, boolean prefix) implements MapRole {
        /** Requires a name, an origin (empty for an inline set) and a field. */
        public Set {
            Objects.requireNonNull(name);
            Objects.requireNonNull(origin);
            Objects.requireNonNull(field);
        }

        /** The map key of a member written as in a script, or empty when this set's field does not take it. */
        public Optional<byte[]> keyOf(Expr literal) {
            boolean v4 = field.isIpv4Address();
            boolean v6 = field.outer() == PacketField.IP6_SRC || field.outer() == PacketField.IP6_DST;
            boolean mac = field.isMacAddress();
            boolean fits = literal instanceof Expr.Ipv4 ? v4 : literal instanceof Expr.Ipv6 ? v6
                    : literal instanceof Expr.Cidr c ? prefix && (c.v6() ? v6 : v4)
                    : literal instanceof Expr.Mac ? mac : !v4 && !v6 && !mac && !prefix;
            if (!fits) return Optional.empty();
            return SetMember.of(literal).map(m -> SetKeys.key(field, prefix, m));
        }
    }

    /**
     * One array of the directory of the IPv4 prefix set whose hash map is named {@code set}: the
     * code reads the top, then the middle and bottom ones, instead of probing the hash; every writer
     * keeps them in step with it (see {@link PrefixDirectory}).
     */
    record SetDirectory(String set, Level level) implements MapRole {
        /** Which of the directory's three arrays. */
        public enum Level {
            /** The entries by /16. */
            TOP,
            /** The blocks of entries by /24. */
            MIDDLE,
            /** The blocks of bits by address. */
            BOTTOM
        }

        /** Requires the set's map name and a level. */
        public SetDirectory {
            Objects.requireNonNull(set);
            Objects.requireNonNull(level);
        }
    }

    /**
     * An aggregate kept per key, by the types of {@code key}'s fields; {@code arrayBacked} when it is
     * a per-CPU array indexed by its one u8 key (readers skip indexes still at zero), else a per-CPU hash.
     */
    record Aggregate(String name, AggregateKind kind, List<PacketField> key, boolean arrayBacked) implements MapRole {
        /** Requires a name and a kind; copies the key fields. */
        public Aggregate {
            Objects.requireNonNull(name);
            Objects.requireNonNull(kind);
            key = List.copyOf(key);
        }
    }

    /** The array of redirect targets' ifindexes, by position in {@code targets}: the loader fills it. */
    record Redirects(List<String> targets) implements MapRole {
        /** Copies the target names. */
        public Redirects {
            targets = List.copyOf(targets);
        }
    }

    /** The ring buffer of printed events; a record's first u64 is its format's index in {@code formats}. */
    record Events(List<EventFormat> formats) implements MapRole {
        /** Copies the formats. */
        public Events {
            formats = List.copyOf(formats);
        }
    }
}
