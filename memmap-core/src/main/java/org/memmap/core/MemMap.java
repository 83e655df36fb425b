package org.memmap.core;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.KmapProvider;
import org.memmap.core.internal.DescriptionValidator;
import org.memmap.core.pagealloc.PageAlloc;

/**
 * The entry point: computes a machine's {@link MemoryLayout} with the architecture plugin its id
 * names. Immutable and thread-safe; computing a layout is a pure function of the machine.
 *
 * <pre>{@code
 * MemMap memmap = MemMap.installed();
 * Machine board = memmap.defaultMachine("arm");
 * MemoryLayout layout = memmap.layout(board.withCommandLine(new KernelCommandLine("vmalloc=400M")));
 * long vmallocKb = layout.vmallocTotalKb();
 * }</pre>
 */
public final class MemMap {
  private final Architectures architectures;

  private MemMap(Architectures architectures) {
    this.architectures = architectures;
  }

  /** A MemMap over the plugins {@link Architectures#installed()} finds. */
  public static MemMap installed() {
    return new MemMap(Architectures.installed());
  }

  /** A MemMap over exactly these plugins. */
  public static MemMap of(Architectures architectures) {
    return new MemMap(architectures);
  }

  /** The plugin registry. */
  public Architectures architectures() {
    return architectures;
  }

  /**
   * The default board of an architecture.
   *
   * @throws org.memmap.api.UnknownArchitectureException if no plugin has that id or alias
   */
  public Machine defaultMachine(String arch) {
    return architectures.require(arch).defaultMachine();
  }

  /**
   * The validated description of {@code machine} by its plugin.
   *
   * @throws org.memmap.api.InputException if the machine cannot be described
   * @throws org.memmap.api.InvalidArchitectureException if the plugin's description is broken
   */
  public ArchDescription describe(Machine machine) {
    KmapProvider provider = architectures.require(machine.arch());
    return DescriptionValidator.validate(provider, provider.describe(machine));
  }

  /**
   * {@code machine} with the contiguous-memory area its kernel reserves at boot ({@code
   * dma_contiguous_reserve()}: {@code cma=} or {@code CONFIG_CMA_SIZE_MBYTES}, placed top-down
   * below the DMA limit, in highmem when it fits there), when it names none. A machine taken from
   * a boot log has the areas the log printed and needs none of this.
   *
   * @throws org.memmap.api.InputException if the machine cannot be described or {@code cma=} is
   *     malformed
   */
  public Machine withDefaultCma(Machine machine) {
    if (!machine.cma().isEmpty()) {
      return machine;
    }
    KmapProvider provider = architectures.require(machine.arch());
    KernelConfig cfg = provider.defaultConfig(machine.kernel()).withAll(machine.config());
    return Cma.defaultArea(machine, describe(machine), cfg)
        .map(c -> machine.withCma(List.of(c)))
        .orElse(machine);
  }

  /**
   * The memory layout of {@code machine}: regions, zones, page counts.
   *
   * @throws org.memmap.api.InputException if the machine cannot be described
   * @throws org.memmap.api.InvalidArchitectureException if the plugin's description is broken
   */
  public MemoryLayout layout(Machine machine) {
    return PageAlloc.assemble(machine, describe(machine));
  }
}
