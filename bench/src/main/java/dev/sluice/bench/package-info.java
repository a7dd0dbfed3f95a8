/** Sluice bench module. */
package dev.sluice.bench;
