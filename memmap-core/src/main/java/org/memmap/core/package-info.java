/**
 * Entry points: {@link org.memmap.core.MemMap} computes layouts, {@link
 * org.memmap.core.Architectures} is the immutable registry of installed architecture plugins.
 *
 * <pre>{@code
 * MemMap memmap = MemMap.installed();
 * MemoryLayout layout = memmap.layout(memmap.defaultMachine("arm"));
 * }</pre>
 */
package org.memmap.core;
