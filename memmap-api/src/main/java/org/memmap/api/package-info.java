/**
 * Value types of memmap: a {@link org.memmap.api.Machine} (what a kernel is given: RAM, {@code
 * .config}, command line, version) and a {@link org.memmap.api.MemoryLayout} (what it computes:
 * regions, zones, page counts), plus {@link org.memmap.api.Addresses} for the one way addresses
 * are parsed, aligned and printed, and the {@link org.memmap.api.MemmapException} family.
 *
 * <p>Addresses are primitive {@code long}s; ranges are half-open {@code [start, end)}.
 */
package org.memmap.api;
