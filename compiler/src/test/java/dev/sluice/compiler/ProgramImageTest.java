package dev.sluice.compiler;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.image.ImageMap;
import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compiler's one output: code plus maps tagged by role. Readers find every map by its role,
 * and the in-JVM back end reads and changes it through {@link RunningProgram} as the kernel's does.
 */
class ProgramImageTest {
    static final Program EVERY_ROLE = xdp("f")
            .when(ip().src().in(set("blocked", "203.0.113.0/24"))).count("hits").countBy("proto", ip().proto())
            .print("from %ip", ip().src()).redirect("veth9");

    static byte[] udpFrom(int src) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(0xc6120001);
        return b.putShort((short) 5000).putShort((short) 53).putShort((short) 8).putShort((short) 0).array();
    }

    @Test
    void everyMapHasItsRoleInLayoutOrder() {
        ProgramImage image = SluiceCompiler.compile(EVERY_ROLE).image();
        List<MapRole> roles = image.maps().list().stream().map(ImageMap::role).toList();
        assertEquals(List.of(new MapRole.Counters(1), new MapRole.Set("blocked_ip_src", "blocked", PacketField.IP_SRC, true),
                new MapRole.SetDirectory("blocked_ip_src", MapRole.SetDirectory.Level.TOP),
                new MapRole.SetDirectory("blocked_ip_src", MapRole.SetDirectory.Level.MIDDLE),
                new MapRole.SetDirectory("blocked_ip_src", MapRole.SetDirectory.Level.BOTTOM),
                new MapRole.Aggregate("proto", AggregateKind.COUNT, List.of(PacketField.IP_PROTO), true),
                new MapRole.Redirects(List.of("veth9"))), roles.subList(0, 7));
        assertInstanceOf(MapRole.Events.class, roles.get(7));
        assertEquals(List.of("hits"), image.counterNames());
        assertEquals(List.of("veth9"), image.redirectTargets());
        assertEquals("from %ip", image.eventFormats().get(0).format());
    }

    @Test
    void theCodeRefersToEveryMapOfTheImageButAPrefixSetsHash() {
        ProgramImage image = SluiceCompiler.compile(EVERY_ROLE).image();
        Set<Integer> referred = new TreeSet<>();
        for (Instruction i : image.code().instructions()) {
            if (i instanceof Instruction.LoadImm64 load && load.source() == Pseudo.MAP_FD) referred.add((int) load.imm());
        }
        // All but the IPv4 set's hash (map 1): the code reads its directory (2-4); only the set's writers read the hash.
        assertEquals(Set.of(0, 2, 3, 4, 5, 6, 7), referred);
    }

    @Test
    void oneCountersMapAtMost() {
        ImageMap counters = new ImageMap(new MapDefinition(new MapSpec("counters", MapType.PERCPU_ARRAY, 4, 8, 1, 0), List.of()),
                new MapRole.Counters(1));
        assertThrows(IllegalArgumentException.class, () -> new ImageMaps(List.of(counters, counters)));
    }

    @Test
    void theInterpretersSetsChangeAsLiveOnesDo() {
        RunningProgram running = SluiceCompiler.compile(xdp().when(ip().src().in(set("blocked", "203.0.113.0/24"))).drop()).interpreter();
        assertEquals(new Verdict.Drop(), running.run(udpFrom(0xcb007109)));
        assertEquals(new Verdict.Pass(), running.run(udpFrom(0xc6336407)));
        RunningSet blocked = running.set("blocked");
        blocked.add("198.51.100.0/24");
        assertEquals(new Verdict.Drop(), running.run(udpFrom(0xc6336407)));
        blocked.remove("203.0.113.0/24");
        assertEquals(new Verdict.Pass(), running.run(udpFrom(0xcb007109)));
        assertThrows(IllegalArgumentException.class, () -> blocked.add("53"), "a number fits no address field");
        assertThrows(IllegalArgumentException.class, () -> running.set("nope"));
    }
}
