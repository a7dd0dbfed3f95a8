package dev.sluice.compiler.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's record layout from its tracefs {@code format} file, which types {@code args.NAME}:
 * each field's offset, size, signedness and kind (a number, a pointer, an inline char array, or a
 * {@code __data_loc} string stored elsewhere in the record).
 */
public record TracepointFormat(String name, long id, List<Field> fields) {
    /** What a field holds, which decides how {@code args.NAME} and {@code str(args.NAME)} read it. */
    public enum Kind {
        /** An integer, read as a number (sign-extended when the format file says signed). */
        NUMBER,
        /** A pointer ({@code const char *filename}): an address, which {@code str(...)} can read. */
        POINTER,
        /** A char array inline in the record ({@code char comm[16]}). */
        CHAR_ARRAY,
        /**
         * {@code __data_loc char[]}: a u32 whose low 16 bits give the string's offset in the record,
         * the high 16 its length.
         */
        DATA_LOC_STRING
    }

    /**
     * One field: its name, the C declaration as written, its byte offset and size in the record,
     * signedness and kind.
     */
    public record Field(String name, String declaration, int offset, int size, boolean signed, Kind kind) {}

    private static final Pattern FIELD = Pattern.compile(
            "^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");

    /** Copies the field list. */
    public TracepointFormat {
        fields = List.copyOf(fields);
    }

    /** Parses a format file; a malformed one is an IllegalArgumentException naming the line. */
    public static TracepointFormat parse(String text) {
        String name = "";
        long id = -1;
        List<Field> fields = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("name: ")) name = line.substring(6).trim();
            else if (line.startsWith("ID: ")) {
                try {
                    id = Long.parseLong(line.substring(4).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad ID: " + line);
                }
            } else if (line.trim().startsWith("field:")) {
                Matcher m = FIELD.matcher(line);
                if (!m.find()) throw new IllegalArgumentException("line " + (i + 1) + ": not a field: " + line.trim());
                fields.add(field(m.group(1).trim(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        m.group(4).equals("1")));
            }
        }
        if (fields.isEmpty()) throw new IllegalArgumentException("no fields: not a tracepoint format file");
        return new TracepointFormat(name, id, fields);
    }

    private static Field field(String declaration, int offset, int size, boolean signed) {
        Kind kind;
        String decl = declaration;
        if (decl.startsWith("__data_loc ")) {
            kind = Kind.DATA_LOC_STRING;
            decl = decl.substring("__data_loc ".length());
        } else if (decl.contains("[")) {
            kind = decl.startsWith("char ") || decl.contains(" char ") ? Kind.CHAR_ARRAY : Kind.NUMBER;
        } else if (decl.contains("*")) {
            kind = Kind.POINTER;
        } else {
            kind = Kind.NUMBER;
        }
        String bare = decl.replaceAll("\\[[^\\]]*\\]", "").trim();
        String fieldName = bare.substring(Math.max(bare.lastIndexOf(' '), bare.lastIndexOf('*')) + 1);
        return new Field(fieldName, declaration, offset, size, signed, kind);
    }

    /** Fields a script may name ({@code common_*} are the record header). */
    public List<Field> arguments() {
        return fields.stream().filter(f -> !f.name().startsWith("common_")).toList();
    }

    /** The field called {@code name}, header fields ({@code common_*}) included. */
    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
