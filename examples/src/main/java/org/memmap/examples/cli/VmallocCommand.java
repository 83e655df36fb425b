package org.memmap.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.sim.SimKernel;
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
      "Run vmalloc operations on a freshly booted simulated machine (its page tables,",
      "its page allocator: highmem first for vmalloc) and print /proc/vmallocinfo as",
      "the chosen kernel release prints it. Each operation's result comes first, as a",
      "'#' line; what the kernel refuses is shown in its words ('-> error: ...').",
      "Operations, in order:",
      "  SIZE                vmalloc(SIZE), e.g. 64K, 1M, 0x3000",
      "  free:N              vfree() the area of the N-th operation (1-based)",
      "  module:SIZE         module_alloc(SIZE)",
      "  ioremap:PADDR:SIZE  ioremap(PADDR, SIZE)",
      "  purge               purge the lazily freed areas now",
      "--ioremap and --module add operations after the positional ones.",
      "Example: memmap vmalloc 64K 1M free:1 --ioremap 0x48000000:4K",
      "For scripted scenarios (names, reads and writes, the TLB) see 'memmap sim'."
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
      description = "The caller /proc/vmallocinfo shows (%%pS), e.g. my_probe+0x40/0x100. Default: none.")
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
    for (int i = 0; i < all.size(); i++) {
      Object[] p = parse(all.get(i));
      if (p[0].equals("free")) {
        long n = (Long) p[1];
        if (n < 1 || n > i || all.get((int) n - 1).startsWith("free:") || all.get((int) n - 1).equals("purge")) {
          throw new InputException("vmalloc op '" + all.get(i) + "' (operation " + (i + 1)
              + "): N must name an earlier vmalloc, module: or ioremap: operation");
        }
      }
    }
    if (cpus < 1) {
      throw new InputException("--cpus " + cpus + ": expected at least 1");
    }
    MemMap memmap = MemMap.installed();
    MemoryLayout layout = memmap.layout(machine.machine(memmap.architectures()));
    Vmalloc vm = vmalloc(SimKernel.boot(layout), cpus);
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
            if (results.get(n - 1) < 0) {
              throw new VmallocException("operation " + n + " allocated nothing");
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

  /**
   * The vmalloc layer of {@code kernel}: its page tables and TLB take the PTEs, its page allocator
   * (the modelled zones, highmem first where the kernel asks for it) the backing pages.
   */
  static Vmalloc vmalloc(SimKernel kernel, int cpus) {
    return new Vmalloc(kernel.layout(), kernel, kernel.pageAllocator(), cpus);
  }

  /** {kind, args...}, or an InputException naming the operation. */
  static Object[] parse(String op) {
    String[] f = op.split(":", -1);
    String what = "vmalloc op '" + op + "': ";
    {
      switch (f[0]) {
        case "free":
          if (f.length == 2) {
            return new Object[] {"free", Addresses.parseNumber(f[1], "vmalloc op free: area number", 0, Integer.MAX_VALUE)};
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
}
