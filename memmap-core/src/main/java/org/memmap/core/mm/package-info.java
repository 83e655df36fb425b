/**
 * The base of core's {@code mm/}: what every mapping mechanism uses and nothing else. {@link
 * org.memmap.core.mm.Mmu} (the kernel page tables and TLB as {@code set_pte_at}, {@code
 * pte_clear} and {@code flush_tlb_kernel_range} see them), {@link
 * org.memmap.core.mm.PageAllocator} ({@code alloc_page} / {@code __free_page}) and {@link
 * org.memmap.core.mm.PageFaultException}. The linear map ({@code __pa}, {@code __va}, {@code
 * pfn_valid}, {@code high_memory}) is the description's, {@code LinearMap} of the SPI.
 *
 * <p>The simulated kernel ({@code org.memmap.core.sim}) implements these interfaces; the
 * mechanisms ({@code highmem}, {@code vmalloc}) are written against them.
 */
package org.memmap.core.mm;
