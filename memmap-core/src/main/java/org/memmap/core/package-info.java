/**
 * Entry points: {@link org.memmap.core.MemMap} computes layouts, {@link
 * org.memmap.core.Architectures} is the immutable registry of installed architecture plugins.
 *
 * <pre>{@code
 * MemoryLayout layout = MemMap.layout("arm");            // the ARM default board
 * long vmallocStart = layout.vmallocStart();
 * }</pre>
 */
package org.memmap.core;
