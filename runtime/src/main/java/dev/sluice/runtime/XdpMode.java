package dev.sluice.runtime;

/**
 * Where XDP runs: the kernel's choice (the driver when it supports XDP, else generic, as
 * {@code ip link set ... xdp} does), the generic skb path, the driver, or the NIC (XDP_FLAGS_*).
 */
public enum XdpMode {
    AUTO(0), GENERIC(2), NATIVE(4), OFFLOAD(8);

    private final int flag;

    XdpMode(int flag) {
        this.flag = flag;
    }

    public int flag() {
        return flag;
    }
}
