/**
 * Example programs built on the memmap library ({@link org.memmap.examples.BoardPlanner}, {@link
 * org.memmap.examples.KmapStorm}), and {@link org.memmap.examples.cli.Main}, the
 * {@code memmap} command line.
 */
package org.memmap.examples;
