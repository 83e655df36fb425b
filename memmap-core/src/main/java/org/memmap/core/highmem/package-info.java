/**
 * The kmap machinery of {@code mm/highmem.c}: the permanent kmap pool (pkmap) with its
 * {@code pkmap_count}, lazy unmapping, wrap-around flush and wait queue; the {@code page_address}
 * hash of highmem pages; and the {@code kmap_atomic} / {@code kmap_local} slot stacks in the
 * fixmap. Everything goes through {@link org.memmap.core.mm.Mmu}, so data written through a
 * kmap address lands in the simulated physical page.
 *
 * <p>Entry point: {@link org.memmap.core.highmem.Highmem}.
 */
package org.memmap.core.highmem;
