/**
 * {@code mm/page_alloc.c} (later {@code mm/mm_init.c}): zone sizing at boot, {@code
 * free_area_init()} and {@code build_all_zonelists()}'s {@code vm_total_pages}.
 */
package org.memmap.core.pagealloc;
