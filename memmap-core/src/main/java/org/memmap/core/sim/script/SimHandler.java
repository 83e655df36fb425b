package org.memmap.core.sim.script;

/**
 * The implementation of one sim command. Handlers live with the mechanism they drive (a {@code
 * highmem} handler for {@code kmap}, a {@code vmalloc} one for {@code vmalloc}) and are
 * registered with {@link SimCommands.Builder#command}.
 *
 * <p>A handler returns a {@link SimResult}; to report what the kernel refuses it may also throw
 * {@link org.memmap.api.MemmapException}, {@link IllegalArgumentException} or {@link
 * IllegalStateException}, which the runner prints as {@code -> error: <message>}.
 */
@FunctionalInterface
public interface SimHandler {
  /** Runs {@code line} on the machine of {@code ctx}. */
  SimResult run(SimContext ctx, SimLine line);
}
