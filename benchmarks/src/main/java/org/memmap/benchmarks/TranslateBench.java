package org.memmap.benchmarks;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.core.MemMap;
import org.memmap.core.pgtable.Walker;
import org.memmap.core.sim.PhysMemory;
import org.memmap.core.sim.SimKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Goals T1-T3: one virtual-to-physical translation per op on a booted {@link SimKernel}
 * (Linux 6.1 page tables built as the kernel builds them), through the software TLB ("tlb":
 * {@link SimKernel#translate}, a walk and fill on a miss) against the same {@link Walker} without
 * a TLB ("walk": {@link Walker#translate} over the same tables), in the same run.
 *
 * <p>The addresses are 4 KiB pages mapped with {@code set_pte_at} in the vmalloc area, so every
 * walk goes to the last level: x86 2-level (pgd, pte), PAE (pgd, pmd, pte; 64-bit entries), ARM
 * short-descriptor (L1 table descriptor, L2 small page). Streams are pre-drawn rings of 2^16
 * addresses: {@link #hit} cycles over 64 pages (all TLB hits after warm-up); {@link #mix} takes
 * 95% from those 64 pages and 5% from {@code pages} others; {@link #miss} draws uniformly from
 * {@code pages} = 16384 pages (64 MiB, 4x the TLB's 4096-entry reach).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class TranslateBench {
  static final int RING = 1 << 16;
  static final int HOT = 64;
  static final int PAGES = 16384;

  /** The page-table format: x86 2-level, x86 PAE, ARM short-descriptor. */
  @Param({"x86", "pae", "arm"})
  public String format;

  /** {@code walk}: the bare walk; {@code tlb}: through the software TLB. */
  @Param({"walk", "tlb"})
  public String impl;

  SimKernel kernel;
  HardwareFormat hw;
  long pgd;
  PhysMemory memory;
  boolean tlb;
  long[] hitRing;
  long[] mixRing;
  long[] missRing;
  int next;

  static Machine machine(String format) {
    long mb = 1L << 20;
    switch (format) {
      case "x86":
      case "pae": {
        List<RamRange> ram = List.of(new RamRange(0, 0x9fc00),
            new RamRange(0x100000, 512 * mb - 0x20000 - 0x100000));
        KernelConfig cfg = format.equals("pae")
            ? KernelConfig.EMPTY.with("X86_PAE", "y").with("HIGHMEM64G", "y")
            : KernelConfig.EMPTY.with("HIGHMEM4G", "y");
        return Machine.of("x86", KernelVersion.parse("6.1.176"), ram).withConfig(cfg);
      }
      case "arm":
        return Machine.of("arm", KernelVersion.parse("6.1.176"),
            List.of(new RamRange(0x40000000L, 512 * mb)));
      default:
        throw new IllegalArgumentException("format " + format + ": expected x86, pae or arm");
    }
  }

  /** Boots the machine and maps {@code PAGES} 4 KiB pages at the start of the vmalloc area. */
  @Setup(Level.Trial)
  public void setUp() {
    MemoryLayout layout = MemMap.layout(machine(format));
    kernel = SimKernel.boot(layout);
    hw = layout.description().pageTables().hardware();
    pgd = kernel.pgdPaddr();
    memory = kernel.physMemory();
    tlb = impl.equals("tlb");
    Region vmalloc = layout.description().region(RegionKind.VMALLOC)
        .orElseThrow(() -> new IllegalStateException("no vmalloc area"));
    long base = (vmalloc.start() + (1 << 22)) & -(1L << 22);
    long firstPfn = layout.description().physOffset() >>> 12;
    for (int i = 0; i < PAGES; i++) {
      kernel.setPte(base + ((long) i << 12), firstPfn + 0x1000 + i);
    }
    SplittableRandom random = new SplittableRandom(11);
    hitRing = new long[RING];
    mixRing = new long[RING];
    missRing = new long[RING];
    for (int i = 0; i < RING; i++) {
      hitRing[i] = base + ((long) (i % HOT) << 12) + random.nextInt(4096);
      long page = random.nextInt(100) < 95 ? random.nextInt(HOT) : HOT + random.nextInt(PAGES - HOT);
      mixRing[i] = base + (page << 12) + random.nextInt(4096);
      missRing[i] = base + ((long) random.nextInt(PAGES) << 12) + random.nextInt(4096);
    }
    for (long vaddr : hitRing) {
      if (kernel.translate(vaddr) < 0) {
        throw new IllegalStateException("setup: " + Long.toHexString(vaddr) + " does not translate");
      }
    }
  }

  private long translate(long vaddr) {
    return tlb ? kernel.translate(vaddr) : Walker.translate(hw, pgd, memory, vaddr);
  }

  private int step() {
    int i = next;
    next = (i + 1) & (RING - 1);
    return i;
  }

  /** T1/T2: a working set inside the TLB's reach. */
  @Benchmark
  public long hit() {
    return translate(hitRing[step()]);
  }

  /** About 95% hits. */
  @Benchmark
  public long mix() {
    return translate(mixRing[step()]);
  }

  /** T3: a working set 4x the TLB's reach: mostly lookup + walk + fill. */
  @Benchmark
  public long miss() {
    return translate(missRing[step()]);
  }
}
