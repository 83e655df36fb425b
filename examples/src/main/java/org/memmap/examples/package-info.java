/**
 * Small programs written against the public memmap library alone: {@link
 * org.memmap.examples.BoardPlanner} compares variants of a board, {@link
 * org.memmap.examples.KmapStorm} kmaps highmem pages from several threads, {@link
 * org.memmap.examples.ModuleOops} decodes an oops against {@code /proc/modules}, and {@link
 * org.memmap.examples.LibraryTour} shows each common task in a statement or two. The {@code
 * memmap} command line is the module {@code org.memmap.cli}.
 */
package org.memmap.examples;
