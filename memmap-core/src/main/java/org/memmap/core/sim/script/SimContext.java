package org.memmap.core.sim.script;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.memmap.api.MemoryLayout;
import org.memmap.core.sim.SimKernel;

/**
 * What a sim command works on: the simulated kernel (which owns its page allocator, kmap
 * machinery and vmalloc allocator), and the state a command set attaches to the run, created on
 * first use. One per script run; not thread-safe (a script runs on one thread).
 */
public final class SimContext {
  private final SimKernel kernel;
  private final Map<Class<?>, Object> attachments = new HashMap<>();

  /** A context over {@code kernel}. */
  public SimContext(SimKernel kernel) {
    this.kernel = kernel;
  }

  /** The simulated kernel. */
  public SimKernel kernel() {
    return kernel;
  }

  /** The machine's layout. */
  public MemoryLayout layout() {
    return kernel.layout();
  }

  /**
   * The state of type {@code type} attached to this run, created by {@code create} on first use;
   * e.g. the names a script gave its areas: {@code ctx.attachment(Names.class, k -> new
   * Names())}. The kernel's own machinery needs no attachment: {@code ctx.kernel().highmem()}.
   */
  public <T> T attachment(Class<T> type, Function<SimKernel, ? extends T> create) {
    Object o = attachments.get(type);
    if (o == null) {
      o = create.apply(kernel);
      attachments.put(type, o);
    }
    return type.cast(o);
  }
}
