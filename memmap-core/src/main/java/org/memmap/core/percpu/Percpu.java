package org.memmap.core.percpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.spi.PercpuSetup;

/**
 * The first percpu chunk of {@code mm/percpu.c}: its sizing ({@code pcpu_build_alloc_info()}
 * called by {@code pcpu_embed_first_chunk()} on SMP kernels, the UP {@code setup_per_cpu_areas()}
 * otherwise) and its boot lines ({@code percpu: Embedded N pages/cpu s.. r.. d.. u..} and the
 * {@code KERN_DEBUG} dump of {@code pcpu_dump_alloc_info()}).
 *
 * <p>Sizes by release (include/linux/percpu.h, 32-bit): {@code PCPU_MIN_UNIT_SIZE} 32 KiB;
 * {@code PERCPU_MODULE_RESERVE} 8 KiB with {@code CONFIG_MODULES} (64 KiB with {@code
 * CONFIG_MEM_ALLOC_PROFILING}, 6.10+), 0 without; {@code PERCPU_DYNAMIC_RESERVE} 12 KiB up to
 * 3.17 and 20 KiB from 3.18 (commit 1a4d76076cda "percpu: implement asynchronous chunk
 * population" raised it by 8 KiB; an ARM 3.14 boot prints {@code d15488} from 12 KiB, x86 4.2
 * {@code d31092} from 8 + 20 KiB), shifted by 12 instead of 10 with {@code
 * CONFIG_RANDOM_KMALLOC_CACHES} (6.6+). The static size is an input: {@code __per_cpu_end -
 * __per_cpu_start} of a {@code System.map}, or the board fact {@code percpu_static} (the
 * log's own {@code s} figure).
 *
 * <p>Not modelled: releases before 2.6.36 (x86 printed {@code PERCPU: Embedded N pages at ADDR,
 * static data N bytes} up to 2.6.31; 2.6.32-2.6.35 are not pinned by a boot), and the UP chunk
 * before 3.4.
 */
public final class Percpu {
  /** {@code PCPU_MIN_UNIT_SIZE}. */
  static final long MIN_UNIT_SIZE = 32 << 10;

  private Percpu() {}

  /**
   * The first chunk of {@code machine}'s kernel, or why it cannot be computed.
   *
   * @param config the effective {@code .config} (the plugin's defaults merged with the machine's)
   * @param setup the architecture's {@code setup_per_cpu_areas()}
   */
  public static FirstChunk firstChunk(Machine machine, KernelConfig config, PercpuSetup setup) {
    KernelVersion v = machine.kernel();
    if (!v.atLeast(2, 6, 36)) {
      return FirstChunk.unknown("percpu first chunk of " + v + " not modelled (2.6.36 and later are)");
    }
    long cpus = machine.boardFact("nr_cpus").map(Long::parseLong).orElse(1L);
    OptionalLong staticSize = staticSize(machine);
    Optional<Boolean> smp = smp(config, staticSize);
    if (smp.isEmpty()) {
      return FirstChunk.unknown("input missing: CONFIG_SMP (a .config)");
    }
    if (!smp.get()) {
      if (!v.atLeast(3, 4)) {
        return FirstChunk.unknown("the UP percpu chunk of " + v + " is not modelled (3.4 and later are)");
      }
      // setup_per_cpu_areas() for !CONFIG_SMP: one unit of
      // roundup_pow_of_two(max(PCPU_MIN_UNIT_SIZE, PERCPU_DYNAMIC_RESERVE)), all of it dynamic.
      long unit = Long.highestOneBit(Math.max(MIN_UNIT_SIZE, dynamicReserve(v, config)) * 2 - 1);
      return FirstChunk.of(new PcpuAllocInfo(0, 0, unit, unit, unit, unit, List.of(0), unit, false));
    }
    if (staticSize.isEmpty()) {
      return FirstChunk.unknown("input missing: the percpu static size (__per_cpu_start and __per_cpu_end"
          + " of a System.map, or the log's own 's' figure)");
    }
    if (setup.atomSize().isEmpty()) {
      return FirstChunk.unknown("the percpu atom size of " + v + " is not known");
    }
    long module = moduleReserve(config);
    long reserved = setup.moduleReserveInDynamic() ? 0 : module;
    long dyn = dynamicReserve(v, config) + (setup.moduleReserveInDynamic() ? module : 0);
    return FirstChunk.of(buildAllocInfo(staticSize.getAsLong(), reserved, dyn, setup.atomSize().getAsLong(),
        cpus, dynamicEarlySize(v, config)));
  }

  /**
   * {@code pcpu_build_alloc_info()} for one group of {@code cpus} possible CPUs.
   *
   * @param earlySize {@code PERCPU_DYNAMIC_EARLY_SIZE}, the least dynamic region
   * @throws IllegalArgumentException if a size is negative or there is no CPU
   */
  public static PcpuAllocInfo buildAllocInfo(
      long staticSize, long reservedSize, long dynSize, long atomSize, long cpus, long earlySize) {
    if (staticSize < 0 || reservedSize < 0 || dynSize < 0 || cpus < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "percpu sizes (s%d r%d d%d) must not be negative and cpus (%d) must be at least 1",
          staticSize, reservedSize, dynSize, cpus));
    }
    long sizeSum = pfnAlign(staticSize + reservedSize + Math.max(dynSize, earlySize));
    long dyn = sizeSum - staticSize - reservedSize;
    long minUnitSize = Math.max(sizeSum, MIN_UNIT_SIZE);
    long allocSize = (minUnitSize + atomSize - 1) / atomSize * atomSize;
    long upa = allocSize / minUnitSize;
    while (allocSize % upa != 0 || ((allocSize / upa) & (Addresses.PAGE_SIZE - 1)) != 0) {
      upa--;
    }
    long maxUpa = upa;
    // Expand the unit until at least 75% of the units allocated are used.
    long lastAllocs = Long.MAX_VALUE;
    long bestUpa = 0;
    for (upa = maxUpa; upa > 0; upa--) {
      if (allocSize % upa != 0 || ((allocSize / upa) & (Addresses.PAGE_SIZE - 1)) != 0) {
        continue;
      }
      long allocs = (cpus + upa - 1) / upa;
      long wasted = allocs * upa - cpus;
      if (wasted > cpus / 3) {
        continue;
      }
      if (allocs > lastAllocs) {
        break;
      }
      lastAllocs = allocs;
      bestUpa = upa;
    }
    upa = bestUpa;
    long units = (cpus + upa - 1) / upa * upa;
    List<Integer> map = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      map.add(u < cpus ? u : -1);
    }
    return new PcpuAllocInfo(staticSize, reservedSize, dyn, allocSize / upa, atomSize, allocSize, map, sizeSum, true);
  }

  /**
   * {@code percpu: Embedded N pages/cpu s.. r.. d.. u..} in the release's words: {@code percpu: }
   * from 4.0 ({@code PERCPU: } before), the chunk's address hashed ({@code @(ptrval)}) from 4.15
   * and gone from 4.19 ("percpu: stop printing kernel addresses"; the 4.0 and 4.19 boundaries are
   * from the source history, not pinned by a boot). Before 4.15 the line prints the chunk's
   * address ({@code @%p}), which is where memblock placed it and is not modelled: there is no
   * line then rather than one with a made-up address ({@code check} still verifies the figures
   * of a log's own line). Empty for a UP chunk too.
   */
  public static Optional<String> embeddedLine(PcpuAllocInfo ai, KernelVersion v) {
    if (!ai.embedded() || !v.atLeast(4, 15)) {
      return Optional.empty();
    }
    String at = v.atLeast(4, 19) ? "" : "@(ptrval) ";
    return Optional.of(String.format(Locale.ROOT, "percpu: Embedded %d pages/cpu %s%s",
        ai.sizeSum() >> Addresses.PAGE_SHIFT, at, ai.figures()));
  }

  /**
   * {@code pcpu_dump_alloc_info()}: {@code pcpu-alloc: s.. r.. d.. u.. alloc=N*ATOM}, then the
   * groups' units, {@code apl} allocations per line ({@code [group] cpu cpu ... }), as {@code
   * KERN_DEBUG} lines with their trailing blanks removed.
   */
  public static List<String> dumpLines(PcpuAllocInfo ai, long possibleCpus) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "pcpu-alloc: %s alloc=%d*%d", ai.figures(),
        ai.allocSize() / ai.atomSize(), ai.atomSize()));
    int cpuWidth = Long.toString(Math.max(1, possibleCpus)).length();
    int upa = (int) ai.unitsPerAlloc();
    int width = upa * (cpuWidth + 1) + 1 + 3;
    int apl = Integer.highestOneBit(Math.max(60 / width, 1));
    StringBuilder line = null;
    int allocs = ai.cpuMap().size() / upa;
    for (int alloc = 0; alloc < allocs; alloc++) {
      if (alloc % apl == 0) {
        if (line != null) {
          out.add(line.toString().stripTrailing());
        }
        line = new StringBuilder("pcpu-alloc: ");
      }
      line.append("[0] ");
      for (int u = alloc * upa; u < (alloc + 1) * upa; u++) {
        int cpu = ai.cpuMap().get(u);
        line.append(cpu >= 0 ? String.format(Locale.ROOT, "%0" + cpuWidth + "d ", cpu)
            : "--------".substring(0, Math.min(cpuWidth, 8)) + " ");
      }
    }
    if (line != null) {
      out.add(line.toString().stripTrailing());
    }
    return out;
  }

  /** {@code __per_cpu_end - __per_cpu_start} from the image symbols, else the board fact. */
  static OptionalLong staticSize(Machine m) {
    Optional<Long> start = m.symbol("__per_cpu_start");
    Optional<Long> end = m.symbol("__per_cpu_end");
    if (start.isPresent() && end.isPresent() && end.get() >= start.get()) {
      return OptionalLong.of(end.get() - start.get());
    }
    Optional<Long> fact = m.boardSize("percpu_static", 0, 1L << 24);
    return fact.map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /**
   * Whether the kernel is SMP: the {@code .config}'s {@code CONFIG_SMP}; without one, a known
   * static size (only an SMP kernel prints it) says so.
   */
  private static Optional<Boolean> smp(KernelConfig config, OptionalLong staticSize) {
    if (config.mentions("CONFIG_SMP")) {
      return Optional.of(config.isEnabled("CONFIG_SMP"));
    }
    return staticSize.isPresent() ? Optional.of(true) : Optional.empty();
  }

  /** {@code PERCPU_MODULE_RESERVE}. */
  static long moduleReserve(KernelConfig config) {
    if (config.mentions("CONFIG_MODULES") && !config.isEnabled("CONFIG_MODULES")) {
      return 0;
    }
    return config.isEnabled("CONFIG_MEM_ALLOC_PROFILING") ? 8 << 13 : 8 << 10;
  }

  /** {@code PERCPU_DYNAMIC_RESERVE} of a 32-bit kernel. */
  static long dynamicReserve(KernelVersion v, KernelConfig config) {
    return (v.atLeast(3, 18) ? 20L : 12L) << sizeShift(config);
  }

  /** {@code PERCPU_DYNAMIC_EARLY_SIZE}: 12 KiB up to 3.17, then 20 KiB (shifted as the reserve). */
  static long dynamicEarlySize(KernelVersion v, KernelConfig config) {
    return (v.atLeast(3, 18) ? 20L : 12L) << sizeShift(config);
  }

  /** {@code PERCPU_DYNAMIC_SIZE_SHIFT}: 12 with {@code CONFIG_RANDOM_KMALLOC_CACHES}, else 10. */
  private static int sizeShift(KernelConfig config) {
    return config.isEnabledLenient("CONFIG_RANDOM_KMALLOC_CACHES") ? 12 : 10;
  }

  private static long pfnAlign(long bytes) {
    return (bytes + Addresses.PAGE_SIZE - 1) & -Addresses.PAGE_SIZE;
  }

  /**
   * The first chunk, or why it is not known.
   *
   * @param info the chunk, when every input is known
   * @param whyUnknown why it is not (empty when it is)
   */
  public record FirstChunk(Optional<PcpuAllocInfo> info, String whyUnknown) {
    static FirstChunk of(PcpuAllocInfo info) {
      return new FirstChunk(Optional.of(info), "");
    }

    static FirstChunk unknown(String why) {
      return new FirstChunk(Optional.empty(), why);
    }
  }
}
