/**
 * The simulated kernel, on top of the mechanisms: physical memory, the kernel page tables and TLB
 * behind the interfaces the mapping mechanisms ({@code highmem}, {@code vmalloc}) use to change
 * them ({@link org.memmap.core.mm.Mmu}, {@link org.memmap.core.mm.PageAllocator}), implemented by
 * {@link org.memmap.core.sim.SimKernel} and {@link org.memmap.core.sim.SimPageAllocator}. The
 * kernel owns one of each mechanism:
 *
 * <pre>{@code
 * SimKernel kernel = SimKernel.boot(MemMap.layout("arm"));
 * long page = kernel.pageAllocator().allocPage(true);     // a highmem page
 * long vaddr = kernel.highmem().kmap(page);                // PKMAP_ADDR(1) = 0xbfe01000
 * long paddr = kernel.translate(vaddr);                    // through the page tables
 * VmStruct area = kernel.vmalloc().vmalloc(64 * 1024, "my_probe");
 * }</pre>
 *
 * <p>The {@code sim} script engine ({@code memmap sim}, docs/sim.md) lives in {@code
 * org.memmap.core.sim.script}, which only the command line module reads.
 */
package org.memmap.core.sim;
