package dev.sluice.compiler.hooks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence bits and raw headers after the inner header starts were appended: every packet field of the outer
 * layer keeps a bit of its own within the 64-bit word, the fields before them keep the bits they had, and
 * each inner raw header reads its own layer's test and start.
 */
class PacketFieldBitsTest {
    @Test
    void outerPacketFieldsHaveDistinctBitsAndInnerTwinsShareTheirFieldsBit() {
        Map<Long, PacketField> owners = new HashMap<>();
        for (PacketField f : PacketField.values()) {
            if (f.domain() != PacketField.Domain.PACKET) continue;
            assertEquals(1, Long.bitCount(f.bit()), f::name);
            if (f.isInner()) {
                assertEquals(f.outer().bit(), f.bit(), f::name);
                continue;
            }
            PacketField other = owners.put(f.bit(), f);
            assertNull(other, () -> f + " and " + other + " share a bit");
        }
        // The bits fields had before the inner header starts came, which emitted code carries (GoldenBytesTest).
        assertEquals(1L << 36, PacketField.VLAN_PCP.bit());
        assertEquals(1L << 60, PacketField.PAYLOAD_START.bit());
        assertEquals(1L << 61, PacketField.FRAME_START.bit());
        assertEquals(PacketField.NETWORK_START.bit(), PacketField.INNER_NETWORK_START.bit());
    }

    @Test
    void innerRawHeadersReadTheInnerLayersTestAndStart() {
        for (RawHeader h : RawHeader.values()) {
            if (!h.isInner()) continue;
            RawHeader outer = RawHeader.byScriptName(h.scriptName().substring(PacketField.INNER_PREFIX.length())).orElseThrow();
            assertFalse(outer.isInner(), h::name);
            assertEquals(outer.test().inner().orElseThrow(), h.test(), h::name);
            PacketField start = h.start().orElseThrow();
            assertTrue(start.isInner() && start.isHeaderStart(), h::name);
            assertEquals(outer.start().orElse(PacketField.FRAME_START), start.outer(), h::name);
        }
        assertEquals(PacketField.INNER_FRAME_START, RawHeader.byScriptName("inner.eth").orElseThrow().start().orElseThrow());
        assertEquals(PacketField.INNER_PAYLOAD_START, RawHeader.byScriptName("inner.payload").orElseThrow().test());
    }
}
