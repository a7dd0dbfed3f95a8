package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.VethPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A socket filter on an AF_PACKET socket: only matching frames arrive, cut to the length it returns. */
class SocketFilterTest {
    /** LD_ABS over the frame: IPv4 UDP to {@code port} keeps 42 bytes (headers only), all else 0. */
    static Code udpHeadersTo(int port) {
        CodeBuilder b = new CodeBuilder();
        Label drop = b.newLabel();
        b.mov64(R6, R1)
                .add(new Instruction.LoadPacket(false, Size.H, R0, 12)).jump(JumpOp.JNE, R0, 0x0800, drop)
                .add(new Instruction.LoadPacket(false, Size.B, R0, 23)).jump(JumpOp.JNE, R0, 17, drop)
                .add(new Instruction.LoadPacket(false, Size.H, R0, 36)).jump(JumpOp.JNE, R0, port, drop)
                .mov64(R0, 42).exit()
                .bind(drop).mov64(R0, 0).exit();
        return b.build();
    }

    @Test
    void onlyMatchingFramesArriveTruncated() {
        KernelRequirement.bpf();
        try (VethPair pair = VethPair.create();
             BpfProgram filter = BpfProgram.load(LoadRequest.of("udp7777", ProgramType.SOCKET_FILTER, udpHeadersTo(7777)))) {
            PacketSocket socket = NetworkNamespace.call(pair.namespaceA(), () -> PacketSocket.open(pair.ifindexA()));
            try (socket; Link link = Attach.socketFilter(filter, socket.fd())) {
                // Frames that were queued before the filter was attached are drained first.
                while (socket.receive(2048, 50).isPresent()) { }
                pair.sendUdpToA(20, 6666, 100);
                pair.sendUdpToA(30, 7777, 100);
                int matching = 0;
                Optional<PacketSocket.Frame> frame;
                while ((frame = socket.receive(2048, 300)).isPresent()) {
                    assertEquals(42, frame.get().length(), "cut to the filter's length");
                    int dport = (frame.get().bytes()[36] & 0xff) << 8 | (frame.get().bytes()[37] & 0xff);
                    assertEquals(7777, dport);
                    matching++;
                }
                assertEquals(30, matching);
            }
        }
    }
}
