package org.memmap.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemmapException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.core.MemMap;
import org.memmap.core.sim.Mmu;
import org.memmap.core.sim.PageAllocator;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.core.vmalloc.VmallocException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memmap vmalloc OP...}: run vmalloc, vfree, ioremap and module_alloc on a fresh machine. */
@Command(
    name = "vmalloc",
    mixinStandardHelpOptions = true,
    description = {
      "Run vmalloc operations on a freshly booted machine and print /proc/vmallocinfo as the",
      "chosen kernel release prints it. Each operation's result comes first as a '#' line.",
      "Operations, in order:",
      "  SIZE                vmalloc(SIZE), e.g. 64K, 1M, 0x3000",
      "  free:N              vfree() the area of the N-th operation (1-based)",
      "  module:SIZE         module_alloc(SIZE)",
      "  ioremap:PADDR:SIZE  ioremap(PADDR, SIZE)",
      "  purge               purge the lazily freed areas now",
      "--ioremap and --module add operations after the positional ones.",
      "Example: memmap vmalloc 64K 1M --ioremap 0x10000000:4K"
    })
final class VmallocCommand implements Callable<Integer> {
  @Mixin MachineOptions machine = new MachineOptions();

  @Parameters(paramLabel = "OP", description = "Operations (see above).")
  List<String> ops = new ArrayList<>();

  @Option(names = "--ioremap", paramLabel = "PADDR:SIZE", description = "ioremap(PADDR, SIZE) after the positional operations; repeatable.")
  List<String> ioremaps = new ArrayList<>();

  @Option(names = "--module", paramLabel = "SIZE", description = "module_alloc(SIZE) after the positional operations; repeatable.")
  List<String> modules = new ArrayList<>();

  @Option(names = "--cpus", paramLabel = "N", defaultValue = "1",
      description = "num_online_cpus(), for lazy_max_pages() = fls(N) * 32 MiB / PAGE_SIZE. Default: 1.")
  int cpus;

  @Option(names = "--caller", paramLabel = "SYMBOL", defaultValue = "",
      description = "The caller /proc/vmallocinfo shows (%pS), e.g. my_probe+0x40/0x100. Default: none.")
  String caller;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> all = new ArrayList<>(ops);
    ioremaps.forEach(s -> all.add("ioremap:" + s));
    modules.forEach(s -> all.add("module:" + s));
    if (all.isEmpty()) {
      throw new InputException("vmalloc: no operation given (expected e.g. 'memmap vmalloc 64K 1M')");
    }
    all.forEach(VmallocCommand::parse);
    if (cpus < 1) {
      throw new InputException("--cpus " + cpus + ": expected at least 1");
    }
    MemMap memmap = MemMap.installed();
    MemoryLayout layout = memmap.layout(machine.machine(memmap.architectures()));
    Vmalloc vm = new Vmalloc(layout, new MapMmu(), new ZonePages(layout), cpus);
    List<Long> results = new ArrayList<>();
    for (String op : all) {
      Object[] p = parse(op);
      String result;
      long addr = -1;
      try {
        switch ((String) p[0]) {
          case "vmalloc" -> {
            VmStruct a = vm.vmalloc((Long) p[1], caller);
            addr = a.addr();
            result = Addresses.hex(a.addr()) + "-" + Addresses.hex(a.end());
          }
          case "module" -> {
            VmStruct a = vm.moduleAlloc((Long) p[1], caller);
            addr = a.addr();
            result = Addresses.hex(a.addr()) + "-" + Addresses.hex(a.end());
          }
          case "ioremap" -> {
            addr = vm.ioremap((Long) p[1], (Long) p[2], caller);
            result = Addresses.hex(addr);
          }
          case "free" -> {
            int n = (int) (long) (Long) p[1];
            if (n < 1 || n > results.size() || results.get(n - 1) < 0) {
              throw new InputException("vmalloc op '" + op + "': operation " + n + " allocated nothing");
            }
            long target = results.get(n - 1);
            if (all.get(n - 1).startsWith("ioremap:")) {
              vm.iounmap(target);
            } else {
              vm.vfree(target);
            }
            result = "ok";
          }
          default -> {
            vm.purgeVmapAreaLazy();
            result = "ok";
          }
        }
      } catch (VmallocException e) {
        result = "error: " + e.getMessage();
      }
      results.add(addr);
      out.println("# " + op + " -> " + result);
    }
    for (String msg : vm.dmesg()) {
      out.println("# kernel: " + msg);
    }
    vm.vmallocinfo().forEach(out::println);
    return 0;
  }

  /** {kind, args...}, or an InputException naming the operation. */
  static Object[] parse(String op) {
    String[] f = op.split(":", -1);
    String what = "vmalloc op '" + op + "': ";
    {
      switch (f[0]) {
        case "free":
          if (f.length == 2 && f[1].matches("\\d+")) {
            return new Object[] {"free", Long.parseLong(f[1])};
          }
          break;
        case "module":
          if (f.length == 2) {
            return new Object[] {"module", size(f[1], "vmalloc op " + f[0] + ":")};
          }
          break;
        case "ioremap":
          if (f.length == 3) {
            return new Object[] {"ioremap", Addresses.parseAddress(f[1], "vmalloc op ioremap:"),
                size(f[2], "vmalloc op ioremap:" + f[1] + ":")};
          }
          break;
        case "purge":
          if (f.length == 1) {
            return new Object[] {"purge"};
          }
          break;
        default:
          if (f.length == 1) {
            return new Object[] {"vmalloc", size(f[0], "vmalloc op ")};
          }
      }
    }
    throw new InputException(what + "expected SIZE, free:N, module:SIZE, ioremap:PADDR:SIZE or purge");
  }

  private static long size(String s, String what) {
    long v = Addresses.parseSize(s, what);
    if (v <= 0) {
      throw new InputException(what + "'" + s + "': size must be positive");
    }
    return v;
  }

  /** Kernel PTEs as a map; the CLI needs no TLB. */
  static final class MapMmu implements Mmu {
    private final Map<Long, Long> ptes = new HashMap<>();

    @Override
    public void setPte(long vaddr, long pfn) {
      if (ptes.putIfAbsent(vaddr, pfn) != null) {
        throw new IllegalStateException("PTE already set at " + Addresses.hex(vaddr));
      }
    }

    @Override
    public void clearPte(long vaddr) {
      ptes.remove(vaddr);
    }

    @Override
    public void flushTlbRange(long start, long end) {}

    @Override
    public void flushTlbAll() {}

    @Override
    public long translate(long vaddr) {
      Long pfn = ptes.get(vaddr & -Addresses.PAGE_SIZE);
      return pfn == null ? -1 : (pfn << Addresses.PAGE_SHIFT) | (vaddr & (Addresses.PAGE_SIZE - 1));
    }

    @Override
    public void write(long vaddr, byte[] data) {
      throw new UnsupportedOperationException("the vmalloc command keeps no memory contents");
    }

    @Override
    public byte[] read(long vaddr, int length) {
      throw new UnsupportedOperationException("the vmalloc command keeps no memory contents");
    }
  }

  /** Pages from the layout's zones, highmem first when allowed; lowest pfns first. */
  static final class ZonePages implements PageAllocator {
    private final Deque<long[]> low = new ArrayDeque<>();
    private final Deque<long[]> high = new ArrayDeque<>();
    private final Deque<Long> freedLow = new ArrayDeque<>();
    private final Deque<Long> freedHigh = new ArrayDeque<>();
    private final Set<Long> used = new HashSet<>();
    private final long highStart;

    ZonePages(MemoryLayout layout) {
      long hs = Long.MAX_VALUE;
      for (Zone z : layout.zones()) {
        if (z.isEmpty()) {
          continue;
        }
        if (z.type() == ZoneType.HIGHMEM) {
          high.add(new long[] {z.startPfn(), z.endPfn()});
          hs = Math.min(hs, z.startPfn());
        } else {
          low.add(new long[] {z.startPfn(), z.endPfn()});
        }
      }
      highStart = hs;
    }

    @Override
    public long allocPage(boolean highmem) {
      Long pfn = take(highmem && (!high.isEmpty() || !freedHigh.isEmpty()) ? high : low,
          highmem && (!high.isEmpty() || !freedHigh.isEmpty()) ? freedHigh : freedLow);
      if (pfn == null) {
        throw new MemmapException(String.format(Locale.ROOT, "out of memory: no free %s page",
            highmem ? "page" : "lowmem"));
      }
      used.add(pfn);
      return pfn;
    }

    private static Long take(Deque<long[]> ranges, Deque<Long> freed) {
      if (!freed.isEmpty()) {
        return freed.pollFirst();
      }
      long[] r = ranges.peekFirst();
      if (r == null) {
        return null;
      }
      long pfn = r[0]++;
      if (r[0] == r[1]) {
        ranges.pollFirst();
      }
      return pfn;
    }

    @Override
    public void freePage(long pfn) {
      if (!used.remove(pfn)) {
        throw new IllegalStateException("freeing pfn " + pfn + " that is not allocated");
      }
      (pfn >= highStart ? freedHigh : freedLow).addFirst(pfn);
    }
  }
}
