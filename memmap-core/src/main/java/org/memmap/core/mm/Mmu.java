package org.memmap.core.mm;

import static org.memmap.api.Addresses.PAGE_SIZE;

import org.memmap.api.Addresses;

/**
 * What the kernel's mapping code (kmap, kmap_local, vmalloc, ioremap, module_alloc) needs from a
 * simulated machine: installing and clearing 4 KiB kernel PTEs in the kernel page tables, the TLB
 * flushes the kernel would issue, and memory access through a virtual address (translated through
 * the TLB, then the tables), so data written through one mapping is read back through another.
 *
 * <p>Implementations are thread-safe. Addresses are virtual, {@code [0, 2^32)}; pfns physical.
 */
public interface Mmu {
  /**
   * {@code set_pte_at(&init_mm, vaddr, ptep, pfn_pte(pfn, PAGE_KERNEL))}: maps the 4 KiB page at
   * {@code vaddr} to {@code pfn}. Does not flush the TLB (the kernel does not either).
   *
   * @throws IllegalStateException if the page is already mapped or no page table covers it
   */
  void setPte(long vaddr, long pfn);

  /**
   * {@code ioremap_page_range()} of one page: maps the 4 KiB page at {@code vaddr} to {@code pfn}
   * with the architecture's I/O protection ({@code PAGE_KERNEL_IO} with the UC- cache mode on x86,
   * {@code MT_DEVICE} on ARM). The default maps it as {@link #setPte} does.
   *
   * @throws IllegalStateException if the page is already mapped or no page table covers it
   */
  default void setIoPte(long vaddr, long pfn) {
    setPte(vaddr, pfn);
  }

  /**
   * {@code vmap_try_huge_pmd()} of an {@code ioremap()} chunk: maps the block of {@code 1 <<
   * shift} bytes at {@code vaddr} to {@code paddr} with one entry, if this MMU's tables have such
   * blocks. Does not flush the TLB.
   *
   * @return whether the block was mapped; false leaves everything as it was (map pages instead)
   */
  default boolean setIoBlock(long vaddr, long paddr, int shift) {
    return false;
  }

  /**
   * {@code pmd_clear_huge()}: unmaps the block {@link #setIoBlock} mapped at {@code vaddr}; a stale
   * TLB entry stays usable until the caller flushes.
   *
   * @throws IllegalStateException if no block maps it
   */
  default void clearIoBlock(long vaddr) {
    throw new IllegalStateException("no block maps " + Addresses.hex(vaddr));
  }

  /**
   * {@code pte_clear()}: unmaps the page at {@code vaddr}; a stale TLB entry stays usable until
   * the caller flushes.
   *
   * @throws IllegalStateException if the page is not mapped
   */
  void clearPte(long vaddr);

  /** {@code flush_tlb_kernel_range(start, end)}: drops TLB entries of {@code [start, end)}. */
  void flushTlbRange(long start, long end);

  /**
   * {@code ptep_clear_flush()} of one kernel page: {@link #clearPte} of the page at {@code vaddr}
   * and {@link #flushTlbRange} of that one page, as {@code kunmap_local} issues them
   * ({@code arch_kmap_local_post_unmap}). Implementations may do both under one lock; the result
   * is the same as the two calls.
   *
   * @throws IllegalStateException if the page is not mapped (nothing is flushed)
   */
  default void ptepClearFlush(long vaddr) {
    long page = vaddr & -PAGE_SIZE;
    clearPte(page);
    flushTlbRange(page, page + PAGE_SIZE);
  }

  /** {@code flush_tlb_all()}. */
  void flushTlbAll();

  /**
   * The physical address {@code vaddr} reaches now (through the TLB, then the tables), or -1 when
   * the access would fault.
   */
  long translate(long vaddr);

  /**
   * Writes through the virtual address.
   *
   * @throws org.memmap.api.InputException naming the address if the access faults
   */
  void write(long vaddr, byte[] data);

  /**
   * Reads through the virtual address.
   *
   * @throws org.memmap.api.InputException naming the address if the access faults
   */
  byte[] read(long vaddr, int length);
}
