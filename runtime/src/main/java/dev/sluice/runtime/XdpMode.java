package dev.sluice.runtime;

/** Where XDP runs: in the generic skb path, in the driver, or on the NIC (XDP_FLAGS_*). */
public enum XdpMode {
    GENERIC(2), NATIVE(4), OFFLOAD(8);

    private final int flag;

    XdpMode(int flag) {
        this.flag = flag;
    }

    public int flag() {
        return flag;
    }
}
