/**
 * Example programs built on the memmap library, and {@link org.memmap.examples.cli.Main}, the
 * {@code memmap} command line.
 */
package org.memmap.examples;
