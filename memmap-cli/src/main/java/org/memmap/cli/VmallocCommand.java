package org.memmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.core.vmalloc.VmallocException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memmap vmalloc OP...}: run vmalloc, vfree, ioremap and module_alloc on a fresh machine. */
@Command(
    name = "vmalloc",
    mixinStandardHelpOptions = true,
    header = "Run vmalloc, vfree, ioremap and module_alloc on a fresh machine.",
    description = {
      "Boots a simulated machine (its page tables and its page allocator, highmem first for "
          + "vmalloc), runs the operations in order and prints /proc/vmallocinfo as the chosen "
          + "kernel release prints it.",
      "Each operation's result comes first, as a '#' line; what the kernel refuses is shown "
          + "in its words ('-> error: ...'). The operations are:",
      "SIZE: vmalloc(SIZE), e.g. 64K, 1M or 0x3000.",
      "free:N: vfree() (or iounmap()) the area of the N-th operation, counting from 1.",
      "module:SIZE: module_alloc(SIZE).",
      "ioremap:PADDR:SIZE: ioremap(PADDR, SIZE).",
      "purge: purge the lazily freed areas now.",
      "--ioremap and --module add operations after the positional ones.",
      "Example: memmap vmalloc 64K 1M free:1 --ioremap 0x48000000:4K",
      "For scripted scenarios (names, reads and writes, the TLB) see 'memmap sim'."
    })
final class VmallocCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(paramLabel = "OP", description = "Operations (see above).")
  List<String> ops = new ArrayList<>();

  @Option(names = "--ioremap", paramLabel = "PADDR:SIZE", description = "ioremap(PADDR, SIZE) after the positional operations; repeatable.")
  List<String> ioremaps = new ArrayList<>();

  @Option(names = "--module", paramLabel = "SIZE", converter = Converters.Size.class,
      description = "module_alloc(SIZE) after the positional operations; repeatable.")
  List<Long> modules = new ArrayList<>();

  @Option(names = "--cpus", paramLabel = "N",
      description = "num_online_cpus(), for lazy_max_pages() = fls(N) * 32 MiB / PAGE_SIZE; the same as --set nr_cpus=N. Default: 1.")
  Integer cpus;

  @Option(names = "--caller", paramLabel = "SYMBOL", defaultValue = "",
      description = "The caller /proc/vmallocinfo shows (%%pS), e.g. my_probe+0x40/0x100. Default: none.")
  String caller;

  @Spec CommandSpec spec;

  /** One operation of the command line. */
  sealed interface Op {
    /** {@code SIZE}: vmalloc(SIZE). */
    record Alloc(long size) implements Op {}

    /** {@code module:SIZE}: module_alloc(SIZE). */
    record Module(long size) implements Op {}

    /** {@code ioremap:PADDR:SIZE}: ioremap(PADDR, SIZE). */
    record Ioremap(long paddr, long size) implements Op {}

    /** {@code free:N}: vfree() or iounmap() the area of the N-th operation (1-based). */
    record Free(int n) implements Op {}

    /** {@code purge}: purge the lazily freed areas now. */
    record Purge() implements Op {}
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> all = new ArrayList<>(ops);
    ioremaps.forEach(s -> all.add("ioremap:" + s));
    modules.forEach(size -> all.add("module:" + Addresses.hex(size)));
    if (all.isEmpty()) {
      throw new InputException("vmalloc: no operation given (expected e.g. 'memmap vmalloc 64K 1M')");
    }
    List<Op> parsed = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Op op = parse(all.get(i));
      if (op instanceof Op.Free f && (f.n() < 1 || f.n() > i
          || parsed.get(f.n() - 1) instanceof Op.Free || parsed.get(f.n() - 1) instanceof Op.Purge)) {
        throw new InputException("vmalloc op '" + all.get(i) + "' (operation " + (i + 1)
            + "): N must name an earlier vmalloc, module: or ioremap: operation");
      }
      parsed.add(op);
    }
    if (cpus != null && cpus < 1) {
      throw new InputException("--cpus " + cpus + ": expected at least 1");
    }
    MemMap memmap = MemMap.installed();
    Machine machine = main.machine.machine(memmap.architectures());
    if (cpus != null) {
      machine = machine.withBoardFact("nr_cpus", Integer.toString(cpus));
    }
    Vmalloc vm = SimKernel.boot(MemMap.layout(machine)).vmalloc();
    List<Long> results = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      String result;
      long addr = -1;
      try {
        Op op = parsed.get(i);
        if (op instanceof Op.Alloc a) {
          VmStruct area = vm.vmalloc(a.size(), caller);
          addr = area.addr();
          result = Addresses.hex(area.addr()) + "-" + Addresses.hex(area.end());
        } else if (op instanceof Op.Module m) {
          VmStruct area = vm.moduleAlloc(m.size(), caller);
          addr = area.addr();
          result = Addresses.hex(area.addr()) + "-" + Addresses.hex(area.end());
        } else if (op instanceof Op.Ioremap io) {
          addr = vm.ioremap(io.paddr(), io.size(), caller);
          result = Addresses.hex(addr);
        } else if (op instanceof Op.Free f) {
          if (results.get(f.n() - 1) < 0) {
            throw new VmallocException("operation " + f.n() + " allocated nothing");
          }
          long target = results.get(f.n() - 1);
          if (parsed.get(f.n() - 1) instanceof Op.Ioremap) {
            vm.iounmap(target);
          } else {
            vm.vfree(target);
          }
          result = "ok";
        } else {
          vm.purgeVmapAreaLazy();
          result = "ok";
        }
      } catch (VmallocException e) {
        result = "error: " + e.getMessage();
      }
      results.add(addr);
      out.println("# " + all.get(i) + " -> " + result);
    }
    for (String msg : vm.dmesg()) {
      out.println("# kernel: " + msg);
    }
    vm.vmallocinfo().forEach(out::println);
    return 0;
  }

  /** The operation {@code op} names, or an InputException naming it. */
  static Op parse(String op) {
    String[] f = op.split(":", -1);
    String what = "vmalloc op '" + op + "': ";
    switch (f[0]) {
      case "free":
        if (f.length == 2 && f[1].matches("\\d{1,9}")) {
          return new Op.Free(Integer.parseInt(f[1]));
        }
        break;
      case "module":
        if (f.length == 2) {
          return new Op.Module(size(f[1], "vmalloc op " + f[0] + ":"));
        }
        break;
      case "ioremap":
        if (f.length == 3) {
          return new Op.Ioremap(Addresses.parseAddress(f[1], "vmalloc op ioremap:"),
              size(f[2], "vmalloc op ioremap:" + f[1] + ":"));
        }
        break;
      case "purge":
        if (f.length == 1) {
          return new Op.Purge();
        }
        break;
      default:
        if (f.length == 1) {
          return new Op.Alloc(size(f[0], "vmalloc op "));
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
