/**
 * Parsers and printers of the {@code /proc} files memmap reads and writes: {@code
 * /proc/vmallocinfo} ({@code mm/vmalloc.c}) and {@code /proc/modules} ({@code kernel/module.c}).
 */
package org.memmap.core.proc;
