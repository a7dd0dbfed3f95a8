package dev.sluice.runtime.probe;

import dev.sluice.compiler.elf.BtfBuilder;
import java.util.List;

/**
 * The small BTF a local storage map is created with (the kernel refuses these maps untyped): an
 * {@code int} key, since the kernel wants an i32, and {@code struct storage_value { int count; int
 * flags; }}. Its own file, so that the probe table ({@link MapTypeProbe}) can size the value and
 * the prober ({@link BtfMapProbes}) can load the blob without the two knowing each other.
 */
record StorageBtf(byte[] blob, int keyType, int valueType) {
    /** {@code sizeof(struct storage_value)}. */
    static final int VALUE_SIZE = 8;

    static StorageBtf build() {
        BtfBuilder b = new BtfBuilder();
        int integer = b.addInt("int", 4, true);
        int value = b.addStruct("storage_value", VALUE_SIZE,
                List.of(new BtfBuilder.Member("count", integer, 0), new BtfBuilder.Member("flags", integer, 32)));
        return new StorageBtf(b.build(), integer, value);
    }
}
