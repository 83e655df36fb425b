/**
 * {@code mm/vmalloc.c}: the kernel virtual address allocator ({@link
 * org.memmap.core.vmalloc.VmapAllocator}, an augmented tree of free blocks), the vmalloc layer
 * over it ({@link org.memmap.core.vmalloc.Vmalloc}: vmalloc, vfree, ioremap, iounmap,
 * module_alloc, lazy freeing and purging) and the printer of {@code /proc/vmallocinfo} ({@link
 * org.memmap.core.vmalloc.VmallocinfoShow}, {@code s_show()}). Its {@code sim} commands live in
 * {@code org.memmap.core.sim}.
 */
package org.memmap.core.vmalloc;
