package org.memmap.core;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.KmapProvider;
import org.memmap.core.hash.HashTable;
import org.memmap.core.hash.SystemHashes;
import org.memmap.core.internal.DescriptionValidator;
import org.memmap.core.internal.MachineValidator;
import org.memmap.core.memblock.BootReservations;
import org.memmap.core.pagealloc.PageAlloc;
import org.memmap.core.percpu.Percpu;
import org.memmap.core.printk.InitMessages;

/**
 * The entry point: computes a machine's {@link MemoryLayout} with the architecture plugin its id
 * names. Computing a layout is a pure function of the machine.
 *
 * <p>The static methods use the installed plugins ({@link Architectures#installed()}), found once:
 *
 * <pre>{@code
 * MemoryLayout board = MemMap.layout("arm");                         // the default board
 * MemoryLayout pc = MemMap.layout(MemMap.board("x86")
 *     .withRam(List.of(RamRange.parse("2G@0")))
 *     .withConfig(KernelConfig.EMPTY.with("CONFIG_X86_PAE", "y")));   // a 2 GiB PAE PC
 * long vmallocStart = pc.vmallocStart();
 * }</pre>
 *
 * <p>An instance works over a chosen set of plugins ({@link #of}), e.g. a plugin under test:
 * {@code MemMap.of(Architectures.of(List.of(myPlugin))).layoutOf(machine)}. Instances are
 * immutable and thread-safe.
 */
public final class MemMap {
  private final Architectures architectures;

  private MemMap(Architectures architectures) {
    this.architectures = architectures;
  }

  /** The installed plugins, found on first use. */
  private static final class Installed {
    static final MemMap INSTANCE = new MemMap(Architectures.installed());
  }

  /**
   * The layout of an architecture's default board, with the installed plugins.
   *
   * @throws org.memmap.api.UnknownArchitectureException if no plugin has that id or alias
   */
  public static MemoryLayout layout(String arch) {
    return layout(board(arch));
  }

  /**
   * The layout of {@code machine}, with the installed plugins: regions, zones, page counts.
   *
   * @throws org.memmap.api.UnknownArchitectureException if no plugin has the machine's architecture
   * @throws org.memmap.api.InputException if the machine cannot be described
   * @throws org.memmap.api.InvalidArchitectureException if the plugin's description is broken
   */
  public static MemoryLayout layout(Machine machine) {
    return installed().layoutOf(machine);
  }

  /**
   * The default board of an architecture, with the installed plugins: the machine to start from
   * ({@code withRam}, {@code withKernel}, {@code withConfig}, ...).
   *
   * @throws org.memmap.api.UnknownArchitectureException if no plugin has that id or alias
   */
  public static Machine board(String arch) {
    return installed().defaultMachine(arch);
  }

  /** A MemMap over the plugins {@link Architectures#installed()} finds (found once). */
  public static MemMap installed() {
    return Installed.INSTANCE;
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
    MachineValidator.validate(provider, architectures.all(), machine);
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
   * The memory layout of {@code machine} by these plugins: regions, zones, page counts.
   *
   * @throws org.memmap.api.InputException if the machine cannot be described, or its image
   *     symbols do not lie in the layout's lowmem
   * @throws org.memmap.api.InvalidArchitectureException if the plugin's description is broken
   */
  public MemoryLayout layoutOf(Machine machine) {
    MemoryLayout layout = PageAlloc.assemble(machine, describe(machine));
    MachineValidator.validateImage(layout);
    return layout;
  }

  /**
   * The hash tables {@code layout}'s kernel sizes at boot ({@code alloc_large_system_hash()} and
   * its callers), in the order it prints them, for the plugin's default configuration overridden
   * by the machine's.
   *
   * @throws org.memmap.api.InputException if a hash size on the command line is malformed
   */
  public List<HashTable> hashTables(MemoryLayout layout) {
    KmapProvider provider = architectures.require(layout.machine().arch());
    KernelConfig config =
        provider.defaultConfig(layout.description().kernel()).withAll(layout.machine().config());
    return SystemHashes.of(layout, config, provider.l1CacheShift(config));
  }

  /**
   * The first percpu chunk of {@code layout}'s kernel ({@code mm/percpu.c}), or why it is not
   * known: its {@link org.memmap.core.percpu.PcpuAllocInfo#firstChunkBytes()} is what the chunk
   * keeps of memblock memory.
   *
   * @throws org.memmap.api.InputException if the board fact {@code percpu_static} or {@code
   *     nr_cpus} is malformed
   */
  public Percpu.FirstChunk percpuFirstChunk(MemoryLayout layout) {
    KmapProvider provider = architectures.require(layout.machine().arch());
    KernelConfig config = effectiveConfig(provider, layout);
    return Percpu.firstChunk(layout.machine(), config, provider.percpuSetup(layout.description().kernel(), config));
  }

  /**
   * The boot lines around the memory map that follow from it and the build ({@code Initmem setup
   * node}, percpu, the swiotlb, SLUB, the freeing of the init sections), for the plugin's default
   * configuration overridden by the machine's.
   *
   * @throws org.memmap.api.InputException if a board fact they read is malformed
   */
  public InitMessages initMessages(MemoryLayout layout) {
    KmapProvider provider = architectures.require(layout.machine().arch());
    KernelConfig config = effectiveConfig(provider, layout);
    return InitMessages.of(layout, config, percpuFirstChunk(layout), provider.cacheLineSize(config),
        1 << provider.l1CacheShift(config), provider.swiotlb(layout.description(), config));
  }

  private static KernelConfig effectiveConfig(KmapProvider provider, MemoryLayout layout) {
    return provider.defaultConfig(layout.description().kernel()).withAll(layout.machine().config());
  }

  /**
   * The boot-time reservations of {@code layout}'s kernel ({@code mm/memblock.c} and the arch's
   * {@code *_memblock_init()}), by name, with the inputs still missing for the {@code Memory:}
   * line's reserved figure.
   */
  public BootReservations bootReservations(MemoryLayout layout) {
    KmapProvider provider = architectures.require(layout.machine().arch());
    KernelConfig config =
        provider.defaultConfig(layout.description().kernel()).withAll(layout.machine().config());
    return BootReservations.of(layout, config, hashTables(layout));
  }
}
