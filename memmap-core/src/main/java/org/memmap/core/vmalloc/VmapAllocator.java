package org.memmap.core.vmalloc;

import static com.google.common.base.Preconditions.checkArgument;

import org.memmap.api.Addresses;

/**
 * The kernel virtual address allocator of {@code mm/vmalloc.c}: {@code alloc_vmap_area()} hands
 * out the lowest suitably aligned range that fits inside {@code [vstart, vend)}, {@code
 * free_vmap_area()} gives a range back. Free space is an augmented tree of free blocks ({@code
 * free_vmap_area_root}, Linux ≥ 5.2); before 5.2 the kernel walked the busy areas instead
 * ({@code vmap_area_list} with the {@code free_vmap_cache} hint), which yields the same lowest
 * fitting address.
 *
 * <p>One difference from ≥ 5.2 kernels is kept out on purpose: for alignments above a page,
 * {@code find_vmap_lowest_match()} descends only into subtrees holding a block of {@code size +
 * align - 1} bytes, so it may pass over a smaller block that would fit only thanks to its
 * alignment, depending on the red-black tree's shape. This allocator always returns the lowest
 * fitting address. Page-aligned requests (vmalloc, vmap, module_alloc) are unaffected.
 *
 * <p>Lazy freeing is not done here but in {@link Vmalloc}. Not thread-safe.
 *
 * <pre>{@code
 * VmapAllocator kva = new VmapAllocator(0xf0000000L, 0xff000000L);
 * long a = kva.alloc(0x3000, 0x1000, 0xf0000000L, 0xff000000L); // 0xf0000000
 * kva.free(a, 0x3000);
 * }</pre>
 */
public final class VmapAllocator {
  private final FreeVmapTree free = new FreeVmapTree();
  private final long spaceStart;
  private final long spaceEnd;

  /**
   * An allocator whose free space is {@code [start, end)} ({@code vmap_init_free_space()}).
   *
   * @throws IllegalArgumentException unless {@code start < end}, both page aligned, inside 4 GiB
   */
  public VmapAllocator(long start, long end) {
    checkArgument(start >= 0 && start < end && end <= Addresses.ADDRESS_LIMIT
            && Addresses.isAligned(start | end, Addresses.PAGE_SIZE),
        "vmap space [%s, %s) must be a page-aligned range inside 4 GiB",
        Addresses.hex(start), Addresses.hex(end));
    spaceStart = start;
    spaceEnd = end;
    free.addMerging(start, end);
  }

  /**
   * {@code alloc_vmap_area(size, align, vstart, vend)} without the purge-and-retry: the lowest
   * address {@code a}, a multiple of {@code align}, with {@code [a, a + size)} free and inside
   * {@code [vstart, vend)}.
   *
   * @param size bytes, a positive multiple of PAGE_SIZE
   * @param align a power of two; 1 means a page
   * @return the address, or -1 when nothing fits
   * @throws IllegalArgumentException on a size or alignment the kernel would BUG on
   */
  public long alloc(long size, long align, long vstart, long vend) {
    if (size <= 0 || (size & (Addresses.PAGE_SIZE - 1)) != 0) {
      throw new IllegalArgumentException(
          "vmap size (0x" + Long.toHexString(size) + ") must be a positive multiple of PAGE_SIZE");
    }
    if (align <= 0 || (align & (align - 1)) != 0) {
      throw new IllegalArgumentException("vmap align (0x" + Long.toHexString(align) + ") must be a power of two");
    }
    long a = free.findLowest(size, Math.max(align, Addresses.PAGE_SIZE), vstart, vend);
    if (a >= 0) {
      free.take(a, size);
    }
    return a;
  }

  /**
   * Marks {@code [addr, addr + size)} busy wherever it lies, e.g. a static area registered at
   * boot ({@code vm_area_add_early()}, {@code pci_reserve_io()}).
   *
   * @throws IllegalStateException if part of the range is not free
   */
  public void reserve(long addr, long size) {
    free.take(addr, size);
  }

  /**
   * {@code __free_vmap_area()}: gives {@code [addr, addr + size)} back, merged with its free
   * neighbours.
   *
   * @throws IllegalStateException if part of the range is already free
   */
  public void free(long addr, long size) {
    if (addr < spaceStart || addr + size > spaceEnd || size <= 0) {
      throw new IllegalArgumentException(
          "range " + Addresses.hex(addr) + "+0x" + Long.toHexString(size) + " lies outside the vmap space");
    }
    free.addMerging(addr, addr + size);
  }

  /** The number of free blocks. */
  public int freeBlocks() {
    return free.size();
  }

  /** The largest free block in bytes. */
  public long largestFreeBlock() {
    return free.largest();
  }

  /** Whether {@code [addr, addr + size)} is entirely free. */
  public boolean isFree(long addr, long size) {
    FreeVmapTree.Node n = free.floor(addr);
    return n != null && n.end >= addr + size;
  }

  /** The free blocks in address order; for tests and tools. */
  public java.util.List<VmapRange> freeBlockList() {
    java.util.List<VmapRange> out = new java.util.ArrayList<>();
    free.forEach((s, e) -> {
      out.add(new VmapRange(s, e));
      return 0;
    });
    return out;
  }

  /** Checks the tree invariants. */
  void verify() {
    free.verify();
  }
}
