package org.memmap.core.sim.script;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.core.vmalloc.VmallocException;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.VmFlag;
import org.memmap.core.sim.SimKernel;

/**
 * The {@code sim} commands of {@code mm/vmalloc.c} (docs/sim.md): {@code vmalloc NAME SIZE},
 * {@code vfree NAME}, {@code ioremap NAME PADDR SIZE}, {@code iounmap NAME}, {@code module_alloc
 * NAME SIZE}, {@code vm_unmap_aliases} and {@code show vmallocinfo}, on one {@link Vmalloc} over
 * the script's {@link SimKernel} (its page tables and TLB) and its page allocator.
 *
 * <p>Areas are named by the script; the name is also the caller {@code /proc/vmallocinfo} shows
 * (where the kernel prints {@code %pS} of the caller). The machine has one CPU online, so {@code
 * lazy_max_pages()} is 8192.
 *
 * <pre>{@code
 * SimCommands commands = SimCommands.builtin().include(VmallocCommands::register).build();
 * }</pre>
 */
public final class VmallocCommands {
  private VmallocCommands() {}

  /** What a script's areas are: the allocator and the name of each live area. */
  static final class State {
    final Vmalloc vmalloc;
    final Map<String, Named> names = new HashMap<>();

    State(SimKernel kernel) {
      this.vmalloc = kernel.vmalloc();
    }
  }

  /** A named area: how it was made and the address to free it with. */
  record Named(String kind, long addr) {}

  /** An allocation of {@code SIZE} bytes under a caller name: {@code vmalloc}, {@code module_alloc}. */
  private interface SizedAlloc {
    VmStruct alloc(Vmalloc vmalloc, long size, String caller);
  }

  /** Registers {@code KIND NAME SIZE}: allocates with {@code alloc}, names the area, prints its range. */
  private static void sizedAlloc(SimCommands.Builder b, String kind, SizedAlloc alloc) {
    String usage = kind + " NAME SIZE";
    b.command(kind, usage, (ctx, l) -> {
      SimArgs.expect(l, 2, usage);
      State s = state(ctx);
      String name = newName(s, l);
      VmStruct a = alloc.alloc(s.vmalloc, size(l.args().get(1)), name);
      s.names.put(name, new Named(kind, a.addr()));
      return SimResult.of(range(a));
    });
  }

  /** Registers the vmalloc commands on {@code b}. */
  public static void register(SimCommands.Builder b) {
    sizedAlloc(b, "vmalloc", Vmalloc::vmalloc);
    sizedAlloc(b, "module_alloc", Vmalloc::moduleAlloc);
    b.command("ioremap", "ioremap NAME PADDR SIZE", (ctx, l) -> {
      SimArgs.expect(l, 3, "ioremap NAME PADDR SIZE");
      State s = state(ctx);
      String name = newName(s, l);
      long paddr = SimArgs.number(l.args().get(1), "physical address");
      if (paddr < 0 || paddr >= Addresses.PHYS_LIMIT) {
        throw new InputException("physical address '" + l.args().get(1) + "': out of the 40-bit physical space");
      }
      long vaddr = s.vmalloc.ioremap(paddr, size(l.args().get(2)), name);
      s.names.put(name, new Named("ioremap", vaddr));
      return SimResult.of(Addresses.hex(vaddr));
    });
    b.command("vfree", "vfree NAME", (ctx, l) -> {
      SimArgs.expect(l, 1, "vfree NAME");
      State s = state(ctx);
      String name = l.args().get(0);
      Named n = named(s, name, "vfree");
      if (n.kind().equals("ioremap")) {
        throw new InputException("vfree '" + name + "': an ioremap area; use iounmap " + name);
      }
      s.vmalloc.vfree(n.addr());
      s.names.remove(name);
      return SimResult.ok();
    });
    b.command("iounmap", "iounmap NAME", (ctx, l) -> {
      SimArgs.expect(l, 1, "iounmap NAME");
      State s = state(ctx);
      String name = l.args().get(0);
      Named n = named(s, name, "iounmap");
      if (!n.kind().equals("ioremap")) {
        throw new InputException("iounmap '" + name + "': a " + n.kind() + " area; use vfree " + name);
      }
      s.vmalloc.iounmap(n.addr());
      s.names.remove(name);
      return SimResult.ok();
    });
    b.command("vm_unmap_aliases", "vm_unmap_aliases", (ctx, l) -> {
      SimArgs.expect(l, 0, "vm_unmap_aliases");
      state(ctx).vmalloc.purgeVmapAreaLazy();
      return SimResult.ok();
    });
    b.show("vmallocinfo", (ctx, args) -> {
      if (!args.isEmpty()) {
        throw new InputException("usage: show vmallocinfo");
      }
      return state(ctx).vmalloc.vmallocinfo();
    });
  }

  private static State state(SimContext ctx) {
    return ctx.attachment(State.class, State::new);
  }

  /** The name of a new area: a word not naming a live area. */
  private static String newName(State s, SimLine l) {
    String name = l.args().get(0);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.+/-]*")) {
      throw new InputException("name '" + name + "': expected a word such as buf or my_driver (a letter first)");
    }
    Named old = s.names.get(name);
    if (old != null) {
      throw new InputException(String.format(Locale.ROOT, "name '%s': already names the %s area at 0x%08x; %s it first",
          name, old.kind(), old.addr(), old.kind().equals("ioremap") ? "iounmap" : "vfree"));
    }
    return name;
  }

  private static Named named(State s, String name, String command) {
    Named n = s.names.get(name);
    if (n == null) {
      List<String> live = s.names.keySet().stream().sorted().limit(9).toList();
      String shown = live.isEmpty() ? "none"
          : String.join(", ", live.subList(0, Math.min(8, live.size()))) + (live.size() > 8 ? ", ..." : "");
      throw new InputException(command + " '" + name + "': no area of that name (live areas: " + shown + ")");
    }
    return n;
  }

  private static long size(String text) {
    return SimArgs.size(text);
  }

  private static String range(VmStruct a) {
    return Addresses.hex(a.addr()) + "-" + Addresses.hex(a.end());
  }
}
