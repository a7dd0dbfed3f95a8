package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;

/**
 * Where a preamble leaves one field, and so how a rule tells whether it is present. The direct packet
 * parse marks a one-slot value field absent by all ones in its place (no packet field is wider than
 * 48 bits, so no value is all ones), which spares the presence word's bit, its test and, for
 * {@code ==}, {@code <} and {@code <=} against a constant, any test at all: all ones never matches.
 */
sealed interface FieldStorage {
    PacketField field();

    /** A bit in the presence word r6 holds, and the value (if the field has one) in its stack slots. */
    record Flagged(PacketField field) implements FieldStorage {}

    /** The field's stack slot, all ones while the field is absent. */
    record SentinelSlot(PacketField field) implements FieldStorage {}

    /**
     * Register r6, all ones while the field is absent: when no field needs the presence word, its
     * register holds a value instead (callee-saved, so it survives helper calls).
     */
    record SentinelRegister(PacketField field) implements FieldStorage {}

    /** A protocol test that holds exactly when {@code value}, parsed right after the test's header is proven, is present. */
    record SameAs(PacketField field, PacketField value) implements FieldStorage {}
}
