/** Sluice tests module. */
package dev.sluice.tests;
