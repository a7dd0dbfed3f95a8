package dev.sluice.compiler;

import java.util.List;
import java.util.Optional;

/**
 * The maps of a running program by index, as a named set's writers need them: the kernel's maps
 * for a loaded program, the in-JVM maps for an interpreted one.
 */
public interface SetMapAccess {
    /** The value under {@code key} in map {@code map}, or empty. */
    Optional<byte[]> lookup(int map, byte[] key);

    /** Creates or replaces the value under {@code key}. */
    void update(int map, byte[] key, byte[] value);

    /** Removes {@code key}; a key that is not there is no error. */
    void delete(int map, byte[] key);

    /** Every key of map {@code map}. */
    List<byte[]> keys(int map);
}
