/**
 * Boot-time reservations: {@code mm/memblock.c} and the architectures' {@code *_memblock_init()},
 * {@code paging_init()} and {@code mem_init()}. What the kernel reserves before the page allocator
 * runs (image, page tables, {@code struct page} arrays, percpu, early hash tables, initrd, device
 * tree, CMA) and how {@code memblock_free_all()} turns the reserved list into the {@code Memory:}
 * line's {@code reserved} figure: only whole pages of the free ranges are handed to the buddy
 * allocator, so a page any reservation touches stays reserved.
 */
package org.memmap.core.memblock;
