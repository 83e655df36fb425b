/**
 * Readers of the {@code /proc} files a user passes: {@code /proc/vmallocinfo} (printed by {@code
 * s_show()} of {@code mm/vmalloc.c}, whose printer sits in {@code org.memmap.core.vmalloc}) and
 * {@code /proc/modules} ({@code kernel/module.c}).
 */
package org.memmap.core.proc;
