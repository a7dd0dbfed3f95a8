/** Sluice runtime module. */
package dev.sluice.runtime;
