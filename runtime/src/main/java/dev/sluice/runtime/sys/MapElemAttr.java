package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for MAP_LOOKUP_ELEM, MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_GET_NEXT_KEY and MAP_FREEZE. */
public final class MapElemAttr extends BpfAttr {

    public MapElemAttr map(int fd) {
        p.putInt(0, fd);
        return this;
    }

    public MapElemAttr key(NativeBuffer key) {
        p.putLong(8, key == null ? 0 : key.address());
        return this;
    }

    /** The value, or for GET_NEXT_KEY the next key. */
    public MapElemAttr value(NativeBuffer value) {
        p.putLong(16, value.address());
        return this;
    }

    public MapElemAttr flags(long flags) {
        p.putLong(24, flags);
        return this;
    }
}
