package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.percpu.PcpuAllocInfo;
import org.memmap.core.percpu.Percpu;
import org.memmap.core.printk.InitMessages;

/**
 * The facts of the boot lines around the memory map: {@code Initmem setup node}, the percpu
 * first chunk ({@code Embedded} line and {@code pcpu-alloc:} dump), SLUB's {@code kmem_cache_init()}
 * figures, the freeing of the init sections and of the initrd, and {@code /proc/meminfo}'s {@code
 * MemTotal}, {@code LowTotal} and {@code LowFree}. Each is compared with what the model computes
 * ({@link InitMessages}); where the model does not compute one side, the kernel's own relation
 * between printed figures is checked instead and the fact says so ({@code MemTotal} is the {@code
 * Memory:} line's available plus CMA plus every {@code Freeing ... memory} before the dump). A
 * figure whose inputs are missing is skipped with the reason; every figure this release prints
 * is inventoried, so deleting its line never makes it vanish. Extraction and comparison of this
 * one family of lines, self-contained.
 */
final class InitFacts {
  private static final Pattern INITMEM_NODE =
      Pattern.compile("Initmem setup node 0 \\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]");
  private static final Pattern EMBEDDED = Pattern.compile(
      "(?:PERCPU|percpu): Embedded (\\d+) pages/cpu (?:@\\S+ )?s(\\d+) r(\\d+) d(\\d+) u(\\d+)");
  private static final Pattern PCPU_ALLOC = Pattern.compile("pcpu-alloc: (s\\d+ r\\d+ d\\d+ u\\d+ alloc=\\d+\\*\\d+)");
  private static final Pattern PCPU_GROUPS = Pattern.compile("pcpu-alloc: (\\[.*)");
  private static final Pattern SLUB = Pattern.compile(
      "SLUB: (?:Genslabs=\\d+, )?HWalign=(\\d+), Order=(\\d+)-(\\d+), MinObjects=(\\d+), CPUs=(\\d+), Nodes=(\\d+)");
  private static final String[] SLUB_FACTS = {"SLUB HWalign", "SLUB Order", "SLUB MinObjects", "SLUB CPUs", "SLUB Nodes"};
  private static final Pattern FREE_INITMEM = Pattern.compile(
      "Freeing (?:unused kernel(?: image)?(?: \\(initmem\\))?|init) memory: (\\d+)[Kk](?: freed)?"
      + "(?: \\(([0-9a-f]{8}) - ([0-9a-f]{8})\\))?");
  private static final Pattern FREE_ANY = Pattern.compile("Freeing .*memory: (\\d+)[Kk](?: freed)?(?: \\(.*\\))?");
  private static final Pattern FREE_INITRD = Pattern.compile("Freeing initrd memory: (\\d+)[Kk](?: freed)?");
  private static final Pattern RAMDISK = Pattern.compile(
      "RAMDISK: (?:\\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]|([0-9a-fA-F]{8,16}) - ([0-9a-fA-F]{8,16}))");
  /** The generic Memory: line's init figure (3.11+) or x86's own (up to 3.10). */
  private static final Pattern MEMORY_INIT = Pattern.compile("Memory: \\d+[Kk]/\\d+[Kk] available \\(.*?(\\d+)[Kk] init.*");
  private static final Pattern MEMORY_AVAILABLE =
      Pattern.compile("Memory: (\\d+)K/\\d+K available \\(.*?(?:, (\\d+)K cma-reserved)?(?:, \\d+K highmem)?\\)");
  private static final Pattern SWIOTLB = Pattern.compile("software IO TLB: mapped \\[mem .*\\] \\((\\d+)MB\\)");
  private static final Pattern MEMINFO = Pattern.compile("(MemTotal|MemFree|HighTotal|HighFree|LowTotal|LowFree):\\s+(\\d+) kB");

  private InitFacts() {}

  /** The facts of {@code lines} against {@code init}, computed for {@code layout}. */
  static List<Fact> facts(MemoryLayout layout, InitMessages init, List<String> lines) {
    Map<String, Fact> out = new LinkedHashMap<>();
    KernelVersion v = layout.description().kernel();
    String memoryInit = null;
    String available = null;
    String cma = null;
    long freedBeforeDump = 0;
    boolean dump = false;
    Map<String, Long> meminfo = new LinkedHashMap<>();
    List<String> groups = new ArrayList<>();
    long ramdiskBytes = -1;
    for (String l : lines) {
      Matcher m;
      if ((m = INITMEM_NODE.matcher(l)).matches()) {
        put(out, Fact.compare("Initmem setup node", InitMessages.nodeSpan(layout.description())
            .map(InitFacts::range).orElse("no memory"), "[mem 0x" + m.group(1) + "-0x" + m.group(2) + "]"));
      } else if ((m = EMBEDDED.matcher(l)).matches()) {
        String log = m.group(1) + " pages/cpu s" + m.group(2) + " r" + m.group(3) + " d" + m.group(4) + " u" + m.group(5);
        put(out, init.percpuChunk().map(ai -> Fact.compare("percpu Embedded", embedded(ai), log))
            .orElseGet(() -> Fact.skipped("percpu Embedded", init.percpuUnknown())));
      } else if ((m = PCPU_ALLOC.matcher(l)).matches()) {
        String log = m.group(1);
        put(out, init.percpuChunk().map(ai -> Fact.compare("pcpu-alloc sizes",
                Percpu.dumpLines(ai, cpus(layout)).get(0).substring("pcpu-alloc: ".length()), log))
            .orElseGet(() -> Fact.skipped("pcpu-alloc sizes", init.percpuUnknown())));
      } else if ((m = PCPU_GROUPS.matcher(l)).matches()) {
        groups.add(m.group(1).strip());
      } else if ((m = SLUB.matcher(l)).matches()) {
        slub(layout, init, m, out);
      } else if ((m = FREE_INITRD.matcher(l)).matches()) {
        freedBeforeDump += dump ? 0 : Long.parseLong(m.group(1));
        if (ramdiskBytes >= 0) {
          long pages = (ramdiskBytes + 4095) >> 12;
          put(out, Fact.compare("Freeing initrd memory (K)", Long.toString(pages * 4), m.group(1)));
        } else {
          put(out, Fact.skipped("Freeing initrd memory (K)",
              "input missing: the initrd's size (a RAMDISK: line, which x86 prints)"));
        }
      } else if ((m = FREE_INITMEM.matcher(l)).matches()) {
        freedBeforeDump += dump ? 0 : Long.parseLong(m.group(1));
        put(out, freeInitmem(layout, memoryInit, m));
      } else if ((m = FREE_ANY.matcher(l)).matches()) {
        freedBeforeDump += dump ? 0 : Long.parseLong(m.group(1));
      } else if ((m = RAMDISK.matcher(l)).find() && l.startsWith("RAMDISK: ") && ramdiskBytes < 0) {
        // The image the boot loader placed: [mem start-PAGE_ALIGN(end)-1] from 3.x, "start - end"
        // (end exclusive, not aligned) before.
        ramdiskBytes = m.group(1) != null
            ? Long.parseUnsignedLong(m.group(2), 16) + 1 - Long.parseUnsignedLong(m.group(1), 16)
            : Long.parseUnsignedLong(m.group(4), 16) - Long.parseUnsignedLong(m.group(3), 16);
      } else if ((m = SWIOTLB.matcher(l)).matches()) {
        String name = "software IO TLB (MB)";
        if (!init.swiotlbKnown()) {
          put(out, Fact.skipped(name, "when " + v + " sets up the swiotlb on this architecture, or its size"
              + " under swiotlb=, is not modelled"));
        } else {
          put(out, Fact.compare(name, init.swiotlbBytes().isPresent()
              ? Long.toString(init.swiotlbBytes().getAsLong() >> 20) : "no swiotlb for this machine", m.group(1)));
        }
      } else if ((m = MEMINFO.matcher(l)).matches()) {
        dump = true;
        meminfo.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
      }
      if (memoryInit == null && (m = MEMORY_INIT.matcher(l)).matches()) {
        memoryInit = m.group(1);
      }
      if (available == null && (m = MEMORY_AVAILABLE.matcher(l)).matches()) {
        available = m.group(1);
        cma = m.group(2);
      }
    }
    if (!groups.isEmpty()) {
      put(out, init.percpuChunk().map(ai -> {
        List<String> exp = Percpu.dumpLines(ai, cpus(layout));
        return Fact.compare("pcpu-alloc units", String.join(" ",
            exp.subList(1, exp.size()).stream().map(x -> x.substring("pcpu-alloc: ".length())).toList()),
            String.join(" ", groups));
      }).orElseGet(() -> Fact.skipped("pcpu-alloc units", init.percpuUnknown())));
    }
    meminfo(layout, meminfo, available, cma, freedBeforeDump, out);
    if (ramdiskBytes >= 0) {
      put(out, Fact.skipped("Freeing initrd memory (K)", LogComparison.NOT_IN_LOG));
    }
    inventory(layout, init, v, !meminfo.isEmpty(), out);
    return List.copyOf(out.values());
  }

  private static String embedded(PcpuAllocInfo ai) {
    return (ai.embedded() ? (ai.sizeSum() >> 12) + " pages/cpu " + ai.figures() : "no Embedded line (a UP kernel)");
  }

  private static long cpus(MemoryLayout layout) {
    return layout.machine().boardFact("nr_cpus").map(Long::parseLong).orElse(1L);
  }

  private static void slub(MemoryLayout layout, InitMessages init, Matcher m, Map<String, Fact> out) {
    // The model's figures, from the same rule InitMessages prints (the cache line may be unknown).
    Optional<String> figures = InitMessages.slubFigures(layout.machine(), init.config(), 0);
    if (figures.isEmpty()) {
      put(out, Fact.compare("SLUB Order", "not a SLUB kernel (CONFIG_SLUB is off)", m.group(0)));
      return;
    }
    Matcher e = Pattern.compile("HWalign=(\\d+), Order=(\\d+)-(\\d+), MinObjects=(\\d+), CPUs=(\\d+), Nodes=(\\d+)")
        .matcher(figures.get());
    if (!e.matches()) {
      throw new IllegalStateException("SLUB figures '" + figures.get() + "' do not parse");
    }
    Optional<String> hw = init.slub().map(s -> s.replaceAll(".*HWalign=(\\d+),.*", "$1"));
    if (init.slubCacheLineKnown() && hw.isPresent()) {
      put(out, Fact.compare("SLUB HWalign", hw.get(), m.group(1)));
    } else {
      put(out, Fact.skipped("SLUB HWalign", "input missing: cache_line_size() (the boot CPU's, or the .config's L1_CACHE_SHIFT)"));
    }
    put(out, Fact.compare("SLUB Order", e.group(2) + "-" + e.group(3), m.group(2) + "-" + m.group(3)));
    put(out, Fact.compare("SLUB MinObjects", e.group(4), m.group(4)));
    put(out, Fact.compare("SLUB CPUs", e.group(5), m.group(5)));
    put(out, Fact.compare("SLUB Nodes", e.group(6), m.group(6)));
  }

  /**
   * {@code free_initmem()}'s figure: the pages of {@code [__init_begin, __init_end)} when the
   * image symbols are known; else the pages of the range the line itself prints (3.11 to 4.x:
   * {@code free_reserved_area()} prints its page-aligned bounds); else the {@code Memory:} line's
   * init figure (the same section, in kB, printed earlier), when it is a whole number of pages.
   */
  private static Fact freeInitmem(MemoryLayout layout, String memoryInit, Matcher m) {
    String name = "Freeing unused kernel memory (K)";
    String log = m.group(1);
    OptionalLong kb = InitMessages.initmemFreedKb(layout.machine());
    if (kb.isPresent()) {
      return Fact.compare(name, Long.toString(kb.getAsLong()), log);
    }
    if (m.group(2) != null) {
      long bytes = Long.parseLong(m.group(3), 16) - Long.parseLong(m.group(2), 16);
      return Fact.compare(name, bytes >= 0 ? Long.toString(bytes >> 10) : "a range that ends before it starts", log);
    }
    if (memoryInit == null) {
      return Fact.skipped(name, "input missing: __init_begin and __init_end (a System.map), or the Memory: line's init figure");
    }
    if (Long.parseLong(memoryInit) % 4 != 0) {
      return Fact.skipped(name, "the init section (" + memoryInit + "K on the Memory: line) is not whole pages;"
          + " __init_begin and __init_end (a System.map) decide it");
    }
    return Fact.compare(name, memoryInit, log);
  }

  /**
   * {@code MemTotal} is {@code totalram_pages()}: the {@code Memory:} line's available, plus the
   * CMA areas (their pages join the buddy allocator in {@code cma_init_reserved_areas()}), plus
   * every {@code Freeing ... memory: NK} printed before the dump (initrd, init sections, x86's SMP
   * alternatives): exact in every 5.10 and 6.1 boot. 6.12 prints {@code Memory:} from {@code
   * page_alloc_init_late()}, before {@code memblock_discard()} frees memblock's own arrays without
   * a line, so MemTotal is 2-4 MB more (6.2 to 6.11 are not pinned). {@code LowTotal} is {@code
   * MemTotal - HighTotal} and {@code LowFree} {@code MemFree - HighFree} ({@code si_meminfo()}),
   * with the model's {@code HighTotal}.
   */
  private static void meminfo(MemoryLayout layout, Map<String, Long> meminfo, String available, String cma,
      long freed, Map<String, Fact> out) {
    KernelVersion v = layout.description().kernel();
    Long memTotal = meminfo.get("MemTotal");
    if (memTotal != null) {
      if (available == null) {
        put(out, Fact.skipped("/proc/meminfo MemTotal (kB)", "input missing: the Memory: line's available figure (3.11+ format)"));
      } else if (!v.atLeast(5, 10) || v.atLeast(6, 2)) {
        put(out, Fact.skipped("/proc/meminfo MemTotal (kB)", v.atLeast(6, 12)
            ? v + " prints Memory: before memblock_discard() frees memory without a line"
            : "the relation to the Memory: line is pinned for 5.10 and 6.1 only"));
      } else {
        long exp = Long.parseLong(available) + (cma == null ? 0 : Long.parseLong(cma)) + freed;
        put(out, Fact.compare("/proc/meminfo MemTotal (kB)", Long.toString(exp), Long.toString(memTotal)));
      }
      Long lowTotal = meminfo.get("LowTotal");
      if (lowTotal != null && layout.description().zoneRules().highmem()) {
        put(out, Fact.compare("/proc/meminfo LowTotal (kB)",
            Long.toString(memTotal - layout.highTotalPages() * 4), Long.toString(lowTotal)));
      }
    }
    Long memFree = meminfo.get("MemFree");
    Long highFree = meminfo.get("HighFree");
    Long lowFree = meminfo.get("LowFree");
    if (memFree != null && highFree != null && lowFree != null) {
      put(out, Fact.compare("/proc/meminfo LowFree (kB)", Long.toString(memFree - highFree), Long.toString(lowFree)));
    }
  }

  /** Every figure this release prints that the log did not show, skipped. */
  private static void inventory(MemoryLayout layout, InitMessages init, KernelVersion v, boolean meminfo,
      Map<String, Fact> out) {
    if (v.atLeast(4, 2)) {
      put(out, Fact.skipped("Initmem setup node", LogComparison.NOT_IN_LOG));
    }
    Optional<PcpuAllocInfo> ai = init.percpuChunk();
    if (ai.isPresent()) {
      if (ai.get().embedded()) {
        put(out, Fact.skipped("percpu Embedded", LogComparison.NOT_IN_LOG));
      }
      put(out, Fact.skipped("pcpu-alloc sizes", LogComparison.NOT_IN_LOG + " (KERN_DEBUG)"));
      put(out, Fact.skipped("pcpu-alloc units", LogComparison.NOT_IN_LOG + " (KERN_DEBUG)"));
    } else if (v.atLeast(2, 6, 36)) {
      String why = LogComparison.NOT_IN_LOG + " (nor computed: " + init.percpuUnknown() + ")";
      put(out, Fact.skipped("percpu Embedded", why));
      put(out, Fact.skipped("pcpu-alloc sizes", why));
      put(out, Fact.skipped("pcpu-alloc units", why));
    }
    if (InitMessages.slub(v, init.config())) {
      for (String f : SLUB_FACTS) {
        put(out, Fact.skipped(f, LogComparison.NOT_IN_LOG));
      }
    }
    put(out, Fact.skipped("Freeing unused kernel memory (K)", LogComparison.NOT_IN_LOG));
    if (init.swiotlbBytes().isPresent()) {
      put(out, Fact.skipped("software IO TLB (MB)", LogComparison.NOT_IN_LOG));
    }
    if (meminfo) {
      put(out, Fact.skipped("/proc/meminfo MemTotal (kB)", LogComparison.NOT_IN_LOG));
      if (layout.description().zoneRules().highmem()) {
        put(out, Fact.skipped("/proc/meminfo LowTotal (kB)", LogComparison.NOT_IN_LOG));
        put(out, Fact.skipped("/proc/meminfo LowFree (kB)", LogComparison.NOT_IN_LOG));
      }
    }
  }

  private static String range(RamRange r) {
    return String.format(Locale.ROOT, "[mem %#018x-%#018x]", r.base(), r.end() - 1);
  }

  private static void put(Map<String, Fact> out, Fact f) {
    out.putIfAbsent(f.name(), f);
  }
}
