/** The fluent Java DSL: entry points ({@link dev.sluice.dsl.Sluice}), steps and typed fields that build the rule model of {@code dev.sluice.dsl.model}. */
package dev.sluice.dsl;
