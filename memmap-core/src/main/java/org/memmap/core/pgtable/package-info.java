/**
 * Page tables: the generic multi-level walk over the formats architecture plugins describe
 * ({@link org.memmap.api.spi.HardwareFormat}), and the kernel's own tables as {@code
 * paging_init()} builds them (ARM {@code arch/arm/mm/mmu.c}, x86 {@code arch/x86/mm/init_32.c}).
 * The walk code is written once; entry encodings are plugin data.
 */
package org.memmap.core.pgtable;
