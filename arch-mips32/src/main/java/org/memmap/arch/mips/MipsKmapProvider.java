package org.memmap.arch.mips;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Set;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LogLines;

/**
 * The 32-bit MIPS plugin, id {@code mips}: describes {@code arch/mips} kernels built with {@code
 * CONFIG_32BIT} from 3.11 (the generic {@code Memory:} line) to 6.1. Stateless; the rules live in
 * {@link MipsLayouts}. Uses nothing but {@code org.memmap.api} and {@code org.memmap.api.spi}.
 */
@AutoService(KmapProvider.class)
public final class MipsKmapProvider implements KmapProvider {
  /** Public no-arg constructor: {@link java.util.ServiceLoader} and AutoService need it. */
  public MipsKmapProvider() {}

  @Override
  public String id() {
    return "mips";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("mips32", "mipsel");
  }

  @Override
  public String displayName() {
    return "MIPS (32-bit)";
  }

  @Override
  public KernelVersion oldestKernel() {
    return MipsLayouts.OLDEST;
  }

  /**
   * A MediaTek MT7621 router board (MIPS 1004Kc, 4 CPUs) with 512 MiB of RAM: 448 MiB at 0 and
   * 64 MiB at 0x20000000 (the SoC's registers sit in between), on a 4.14 kernel with the mainline
   * {@code HIGHMEM_START} of 0x20000000.
   */
  @Override
  public Machine defaultMachine() {
    return new Machine(
        id(),
        KernelVersion.of(4, 14),
        List.of(new RamRange(0, 448L << 20), new RamRange(0x20000000L, 64L << 20)),
        KernelConfig.EMPTY,
        null,
        null,
        null,
        null);
  }

  @Override
  public KernelConfig defaultConfig(KernelVersion kernel) {
    return MipsLayouts.defaultConfig(kernel);
  }

  /**
   * A MIPS kernel names its CPU ({@code CPU0 revision is: 0001992f (MIPS 1004Kc)}, {@code
   * cpu_report()} of arch/mips/kernel/cpu-probe.c) and board ({@code MIPS: machine is ...}).
   */
  @Override
  public boolean recognises(LogLines log) {
    return log.lines().stream().anyMatch(l -> l.matches("CPU0 revision is: [0-9a-f]+ \\(.*")
        || l.startsWith("MIPS: machine is "));
  }

  /** The {@code Determined physical RAM map} (or the {@code mem=} user-defined one). */
  @Override
  public List<RamRange> firmwareMemory(LogLines log) {
    return BootMemMapLog.usable(log);
  }

  /** {@code CONFIG_MIPS_L1_CACHE_SHIFT} (arch/mips/include/asm/cache.h), 5 unless a platform raises it. */
  @Override
  public int l1CacheShift(KernelConfig config) {
    return (int) config.longValue("MIPS_L1_CACHE_SHIFT", 5);
  }

  @Override
  public ArchDescription describe(Machine machine) {
    return MipsLayouts.describe(machine);
  }

  /** The board facts this plugin's layout rules read (docs/cli.md, machine options). */
  @Override
  public Set<String> boardFacts() {
    return Set.of(
        "highmem_start",
        "struct_page_size");
  }

  /** The {@code .config} options this plugin's layout rules read. */
  @Override
  public Set<String> configOptions() {
    return Set.of(
        "CONFIG_64BIT",
        "CONFIG_64BIT_PHYS_ADDR",
        "CONFIG_CPU_MIPSR2",
        "CONFIG_CPU_MIPSR6",
        "CONFIG_HIGHMEM",
        "CONFIG_MEMCG",
        "CONFIG_NR_CPUS",
        "CONFIG_PHYS_ADDR_T_64BIT",
        "CONFIG_XPA",
        "CONFIG_ZONE_DMA");
  }

  /** {@code CONFIG_MIPS}: every {@code .config} of this architecture sets it. */
  @Override
  public java.util.Optional<String> archConfigOption() {
    return java.util.Optional.of("CONFIG_MIPS");
  }
}
