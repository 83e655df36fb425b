/**
 * The simulated kernel: physical memory, the kernel page tables and TLB, and the interfaces the
 * mapping mechanisms ({@code highmem}, {@code vmalloc}) use to change them.
 */
package org.memmap.core.sim;
