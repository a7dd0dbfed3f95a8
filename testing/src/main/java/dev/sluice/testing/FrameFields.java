package dev.sluice.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The layers a {@link FrameBuilder} has been given so far; {@link FrameEncoder} turns them into bytes. */
final class FrameFields {
    enum Network { IPV4, IPV6, ARP }

    enum Transport { TCP, UDP, ICMP, SCTP, RAW }

    /** An IPv6 extension header: its type, its length in 8-byte units after the first 8, and for a fragment header its offset and M flag. */
    record Extension(int type, int units, int fragmentOffset, boolean more) {
        int length() {
            return type == 44 ? 8 : (units + 1) * 8;
        }
    }

    byte[] dstMac = Addresses.mac("02:00:00:00:00:02");
    byte[] srcMac = Addresses.mac("02:00:00:00:00:01");
    List<int[]> tags = new ArrayList<>();
    OptionalInt etherType = OptionalInt.empty();
    Network network;
    byte[] ipSrc;
    byte[] ipDst;
    int ttl = 64;
    int tos;
    int ipId = 1;
    int fragmentBits;
    byte[] ipOptions = new byte[0];
    OptionalInt ihl = OptionalInt.empty();
    OptionalInt ipLength = OptionalInt.empty();
    List<Extension> extensions = new ArrayList<>();
    Transport transport;
    int protocol;
    int l4First;
    int l4Second;
    int tcpFlags;
    int window = 65535;
    byte[] payload = new byte[0];
    int padTo;

    FrameFields copy() {
        FrameFields c = new FrameFields();
        c.dstMac = dstMac.clone();
        c.srcMac = srcMac.clone();
        for (int[] t : tags) c.tags.add(t.clone());
        c.etherType = etherType;
        c.network = network;
        c.ipSrc = ipSrc == null ? null : ipSrc.clone();
        c.ipDst = ipDst == null ? null : ipDst.clone();
        c.ttl = ttl;
        c.tos = tos;
        c.ipId = ipId;
        c.fragmentBits = fragmentBits;
        c.ipOptions = ipOptions.clone();
        c.ihl = ihl;
        c.ipLength = ipLength;
        c.extensions.addAll(extensions);
        c.transport = transport;
        c.protocol = protocol;
        c.l4First = l4First;
        c.l4Second = l4Second;
        c.tcpFlags = tcpFlags;
        c.window = window;
        c.payload = payload.clone();
        c.padTo = padTo;
        return c;
    }
}
