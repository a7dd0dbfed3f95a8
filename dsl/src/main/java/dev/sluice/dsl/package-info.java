/** The immutable rule model and the fluent Java DSL that builds it. */
package dev.sluice.dsl;
