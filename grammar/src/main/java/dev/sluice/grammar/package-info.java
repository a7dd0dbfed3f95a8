/** Sluice grammar module. */
package dev.sluice.grammar;
