package dev.sluice.runtime;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.SetMaps;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.List;

/**
 * A named set of a loaded program, changed while the program runs: members added and removed go
 * straight into the set's maps (one per field the rules test it on), with no reload. Members are
 * written as in a script: {@code 10.0.0.0/8}, {@code 2001:db8::1}, {@code 443}, {@code aa:bb:cc:dd:ee:ff}.
 */
public final class LiveSet {
    private final String name;
    private final List<ValueSet> sets;
    private final List<BpfMap> maps;

    LiveSet(String name, List<ValueSet> sets, List<BpfMap> maps) {
        this.name = name;
        this.sets = List.copyOf(sets);
        this.maps = List.copyOf(maps);
    }

    /** The set's name as the rules declare it. */
    public String name() {
        return name;
    }

    /** Adds a member; it goes into every map of the set whose field takes it (IPv4 to ip.*, IPv6 to ip6.*). */
    public void add(String member) {
        change(member, true);
    }

    /** Removes a member; removing one that is not there is no error. */
    public void remove(String member) {
        change(member, false);
    }

    private void change(String member, boolean add) {
        Expr literal = Literals.parse(member, SourceLocation.UNKNOWN);
        boolean used = false;
        for (int i = 0; i < sets.size(); i++) {
            ValueSet set = sets.get(i);
            ValueSet.Member m = memberOf(set, literal);
            if (m == null) continue;
            used = true;
            byte[] key = SetMaps.key(set, m);
            if (add) maps.get(i).update(key, SetMaps.present());
            else maps.get(i).delete(key);
        }
        if (!used) throw new IllegalArgumentException(member + " fits no field set " + name + " is tested on");
    }

    /** The member as this map stores it, or null when the map's field does not take it. */
    private static ValueSet.Member memberOf(ValueSet set, Expr literal) {
        PacketField f = set.field();
        boolean v4 = f == PacketField.IP_SRC || f == PacketField.IP_DST;
        boolean v6 = f == PacketField.IP6_SRC || f == PacketField.IP6_DST;
        boolean mac = f == PacketField.ETH_SRC || f == PacketField.ETH_DST;
        boolean prefix = set.kind() == ValueSet.Kind.PREFIX;
        boolean fits = literal instanceof Expr.Ipv4 ? v4 : literal instanceof Expr.Ipv6 ? v6
                : literal instanceof Expr.Cidr c ? prefix && (c.v6() ? v6 : v4)
                : literal instanceof Expr.Mac ? mac : !v4 && !v6 && !mac && !prefix;
        return fits ? ValueSet.Member.of(literal).orElse(null) : null;
    }
}
