package dev.sluice.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The classes a class file names in its constant pool, less those it names only as permitted
 * subclasses of a sealed type. ArchUnit's dependencies leave out one kind of source-level import:
 * a compile-time constant ({@code static final int X = 3}) is copied into the class that reads it,
 * and only a bare class entry is left of the reference. An import circle through such a constant is
 * still a circle between two files. A sealed type's {@code permits} list is not counted: a sealed
 * family (the {@code runtime/sys/*Attr} commands) names its members by design.
 */
final class ConstantPoolClasses {
    private ConstantPoolClasses() {}

    /** Binary names ({@code a.b.C$D}), array types reduced to their element type; empty without a class file. */
    static Set<String> of(JavaClass javaClass) {
        if (javaClass.getSource().isEmpty()) return Set.of();
        Source source = javaClass.getSource().get();
        try (InputStream in = source.getUri().toURL().openStream()) {
            return read(new DataInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.getUri(), e);
        }
    }

    private static Set<String> read(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        Map<Integer, Integer> classNames = new HashMap<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 7 -> classNames.put(i, in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        skipMembers(in);
        skipMembers(in);
        Set<Integer> permitted = new HashSet<>();
        for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
            String name = utf8.get(in.readUnsignedShort());
            int length = in.readInt();
            if ("PermittedSubclasses".equals(name)) {
                for (int n = in.readUnsignedShort(); n > 0; n--) permitted.add(in.readUnsignedShort());
            } else {
                in.skipNBytes(length);
            }
        }
        Set<String> names = new HashSet<>();
        classNames.forEach((index, nameIndex) -> {
            if (!permitted.contains(index)) names.add(binaryName(utf8.get(nameIndex)));
        });
        return names;
    }

    /** Fields or methods: each with its attributes, none of which names a class that code does not. */
    private static void skipMembers(DataInputStream in) throws IOException {
        for (int members = in.readUnsignedShort(); members > 0; members--) {
            in.skipNBytes(6);
            for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt() & 0xffffffffL);
            }
        }
    }

    private static String binaryName(String internal) {
        String element = internal.replaceFirst("^\\[+", "");
        if (element.startsWith("L") && element.endsWith(";")) element = element.substring(1, element.length() - 1);
        return element.replace('/', '.');
    }
}
