package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;

/**
 * What a rule's actions read: a number ({@link IntField}: {@code ip().proto()}, {@code arg(0)}), an
 * address ({@link AddressField}: {@code ip().src()}) or a string ({@link StringValue}: {@code comm()},
 * {@code str(args("filename"))}). Keys of {@code countBy}, {@code sum} and {@code hist}, and the values of
 * {@code print}.
 */
public sealed interface Value permits IntField, AddressField, StringValue {
    /** The rule-model expression this value stands for, located at {@code at} (the action that reads it). */
    Expr expr(SourceLocation at);
}
