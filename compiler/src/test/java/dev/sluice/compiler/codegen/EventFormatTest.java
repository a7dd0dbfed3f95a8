package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.EventFormat;
import dev.sluice.compiler.hooks.PacketField;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFormatTest {
    static byte[] record(long... slots) {
        ByteBuffer b = ByteBuffer.allocate(8 * (slots.length + 1)).order(ByteOrder.LITTLE_ENDIAN).putLong(0);
        for (long s : slots) b.putLong(s);
        return b.array();
    }

    @Test
    void everyConversion() {
        EventFormat f = new EventFormat("pid %d uid %u x %x 100%% %ip", List.of(PacketField.PID, PacketField.UID,
                PacketField.ARG0, PacketField.IP_SRC));
        assertEquals("pid -1 uid 18446744073709551615 x ff 100% 198.18.0.2", f.format(record(-1, -1, 255, 0xc6120002L)));
        EventFormat v6 = new EventFormat("%ip via %mac", List.of(PacketField.IP6_SRC, PacketField.ETH_SRC));
        assertEquals("2001:db8::1 via aa:bb:cc:dd:ee:ff",
                v6.format(record(0x20010db800000000L, 1L, 0xaabbccddeeffL)));
        byte[] comm = ByteBuffer.allocate(16).put("curl".getBytes()).array();
        ByteBuffer c = ByteBuffer.wrap(comm).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("exec curl", new EventFormat("exec %s", List.of(PacketField.COMM)).format(record(c.getLong(0), c.getLong(8))));
        assertEquals(8 + 16 + 8, new EventFormat("%s %d", List.of(PacketField.COMM, PacketField.PID)).recordSize());
    }

    @Test
    void missingArgumentsStayVisible() {
        assertEquals("a %d b", new EventFormat("a %d b", List.of()).format(record()));
    }
}
