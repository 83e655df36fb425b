/**
 * {@code mm/vmalloc.c}: the kernel virtual address allocator ({@link
 * org.memmap.core.vmalloc.VmapAllocator}, an augmented tree of free blocks) and the vmalloc layer
 * over it ({@link org.memmap.core.vmalloc.Vmalloc}: vmalloc, vfree, ioremap, iounmap,
 * module_alloc, lazy freeing and purging, /proc/vmallocinfo), and its {@code sim} commands
 * ({@link org.memmap.core.vmalloc.VmallocCommands}).
 */
package org.memmap.core.vmalloc;
