/**
 * What the kernel prints about its memory at boot, rendered from a {@link
 * org.memmap.api.MemoryLayout} in the exact format of its release: the "Virtual kernel memory
 * layout" banner, the {@code Zone ranges:} block, {@code Built N zonelists ... Total pages:}, the
 * {@code Memory:} line, x86's {@code NMB HIGHMEM available.}. Mirrors the printk calls of {@code
 * mm/page_alloc.c}, {@code mm/mm_init.c} and {@code arch/*}{@code /mm/init*.c}.
 */
package org.memmap.core.printk;
