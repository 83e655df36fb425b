/**
 * The first percpu chunk a kernel sets up at boot and the lines it prints about it: {@code
 * pcpu_build_alloc_info()}, {@code pcpu_embed_first_chunk()}, the UP {@code
 * setup_per_cpu_areas()} and {@code pcpu_dump_alloc_info()} of {@code mm/percpu.c}, with the
 * sizes of {@code include/linux/percpu.h}.
 */
package org.memmap.core.percpu;
