package org.memmap.core.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.memmap.api.MemoryLayout;

/**
 * What a sim command works on: the simulated kernel, and the state other mechanisms attach to it
 * (the pkmap pool, the vmalloc allocator), created on first use. One per script run; not
 * thread-safe (a script runs on one thread).
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
   * e.g. {@code ctx.attachment(Pkmap.class, k -> new Pkmap(k.layout(), k))}.
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
