package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;

/** Statements of a program, run top to bottom; the first verdict ends the program. */
public sealed interface Statement {
    /** Where the statement was written; ties compile errors, warnings and verifier rejections to the rule. */
    SourceLocation location();

    /** {@code when EXPR { ... }}: runs {@code body} when the condition holds; may nest. */
    record When(Expr condition, List<Statement> body, SourceLocation location) implements Statement {
        /** Copies the body. */
        public When {
            Objects.requireNonNull(condition);
            body = List.copyOf(body);
        }
    }

    /** A verdict statement ({@code drop}, {@code pass}, ...): ends the program for the packet. */
    record Return(Verdict verdict, SourceLocation location) implements Statement {
        /** Rejects a missing verdict. */
        public Return {
            Objects.requireNonNull(verdict);
        }
    }

    /** {@code count NAME [by KEY]}: {@code key} empty without {@code by}, several expressions for a tuple. */
    record Count(String name, List<Expr> key, SourceLocation location) implements Statement {
        /** Copies the key. */
        public Count {
            Objects.requireNonNull(name);
            key = List.copyOf(key);
        }
    }

    /** {@code sum NAME EXPR [by KEY]}: adds {@code value} to the aggregate; {@code key} as in {@link Count}. */
    record Sum(String name, Expr value, List<Expr> key, SourceLocation location) implements Statement {
        /** Copies the key. */
        public Sum {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
            key = List.copyOf(key);
        }
    }

    /** {@code hist NAME EXPR [by KEY]}: a power-of-two histogram of {@code value}. */
    record Hist(String name, Expr value, List<Expr> key, SourceLocation location) implements Statement {
        /** Copies the key. */
        public Hist {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
            key = List.copyOf(key);
        }
    }

    /** {@code print "FORMAT", EXPR, ...}: an event to user space, formatted there. */
    record Print(String format, List<Expr> args, SourceLocation location) implements Statement {
        /** Copies the arguments. */
        public Print {
            Objects.requireNonNull(format);
            args = List.copyOf(args);
        }
    }
}
