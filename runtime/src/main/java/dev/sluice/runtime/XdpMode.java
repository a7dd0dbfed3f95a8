package dev.sluice.runtime;

/**
 * Where XDP runs: the kernel's choice (the driver when it supports XDP, else generic, as
 * {@code ip link set ... xdp} does), the generic skb path, the driver, or the NIC (XDP_FLAGS_*).
 */
public enum XdpMode {
    /** No flag: the driver's XDP when it has it, else generic. */
    AUTO(0),
    /** The generic path, after the kernel built an skb: works on every interface, costs more (XDP_FLAGS_SKB_MODE). */
    GENERIC(2),
    /** In the driver, before any skb exists (XDP_FLAGS_DRV_MODE); veth has it. */
    NATIVE(4),
    /** On the NIC itself, where it supports offload (XDP_FLAGS_HW_MODE). */
    OFFLOAD(8);

    private final int flag;

    XdpMode(int flag) {
        this.flag = flag;
    }

    /** The XDP_FLAGS_* value a link takes. */
    public int flag() {
        return flag;
    }
}
