/**
 * The architecture plugin contract. A plugin implements {@link org.memmap.api.spi.KmapProvider}
 * and turns a {@link org.memmap.api.Machine} into an immutable {@link
 * org.memmap.api.spi.ArchDescription}: the constants and small formulas of {@code
 * arch/<arch>/include/asm} and {@code arch/<arch>/mm} for that kernel release, as data. Core does
 * the generic computing of {@code mm/} (zones, page counts, kmap, vmalloc, walks, printing) and
 * validates every description it receives.
 */
package org.memmap.api.spi;
