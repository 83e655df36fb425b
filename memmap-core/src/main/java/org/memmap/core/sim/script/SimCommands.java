package org.memmap.core.sim.script;

import org.memmap.core.mm.PageFaultException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.memmap.api.InputException;
import org.memmap.api.Region;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.sim.SimKernel;

/**
 * The commands a sim script may use: an immutable map from command word to {@link SimHandler},
 * and from {@code show} topic to {@link ShowHandler}. {@link #builtin()} holds the page-table
 * commands; other mechanisms add theirs:
 *
 * <pre>{@code
 * SimCommands commands = SimCommands.builtin()
 *     .command("kmap", "kmap PFN", (ctx, line) -> ...)
 *     .show("pkmap", (ctx, args) -> List.of(...))
 *     .build();
 * }</pre>
 */
public final class SimCommands {
  /** A {@code show TOPIC} handler: the lines of state it prints. */
  @FunctionalInterface
  public interface ShowHandler {
    /** The lines to print after {@code show TOPIC -> ok}. */
    List<String> show(SimContext ctx, List<String> args);
  }

  private record Command(String usage, SimHandler handler) {}

  private final Map<String, Command> commands;
  private final Map<String, ShowHandler> shows;
  private final List<BiConsumer<SimContext, SimLine>> beforeEach;

  private SimCommands(Map<String, Command> commands, Map<String, ShowHandler> shows,
      List<BiConsumer<SimContext, SimLine>> beforeEach) {
    this.commands = Map.copyOf(commands);
    this.shows = Map.copyOf(shows);
    this.beforeEach = List.copyOf(beforeEach);
  }

  /** The handler of {@code name}, or null; it runs the {@code beforeEach} hooks first. */
  SimHandler handler(String name) {
    Command c = commands.get(name);
    if (c == null) {
      return null;
    }
    if (beforeEach.isEmpty()) {
      return c.handler();
    }
    return (ctx, line) -> {
      beforeEach.forEach(h -> h.accept(ctx, line));
      return c.handler().run(ctx, line);
    };
  }

  /** The usage lines of every command, sorted. */
  public List<String> usages() {
    List<String> out = new ArrayList<>();
    commands.values().forEach(c -> out.add(c.usage()));
    shows.keySet().forEach(s -> out.add("show " + s));
    out.sort(null);
    return out;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding the page-table commands: translate, write, read, walk, set_pte, pte_clear, flush_tlb_*, show. */
  public static Builder builtin() {
    return builder()
        .command("translate", "translate VADDR", SimCommands::translate)
        .command("write", "write VADDR HEXBYTES", SimCommands::write)
        .command("read", "read VADDR LEN", SimCommands::read)
        .command("walk", "walk VADDR", SimCommands::walk)
        .command("set_pte", "set_pte VADDR PFN", (ctx, l) -> {
          SimArgs.expect(l, 2, "set_pte VADDR PFN");
          ctx.kernel().setPte(SimArgs.vaddr(l.args().get(0)), SimArgs.pfn(l.args().get(1)));
          return SimResult.ok();
        })
        .command("pte_clear", "pte_clear VADDR", (ctx, l) -> {
          SimArgs.expect(l, 1, "pte_clear VADDR");
          ctx.kernel().clearPte(SimArgs.vaddr(l.args().get(0)));
          return SimResult.ok();
        })
        .command("flush_tlb_all", "flush_tlb_all", (ctx, l) -> {
          SimArgs.expect(l, 0, "flush_tlb_all");
          ctx.kernel().flushTlbAll();
          return SimResult.ok();
        })
        .command("flush_tlb_kernel_range", "flush_tlb_kernel_range START END", (ctx, l) -> {
          SimArgs.expect(l, 2, "flush_tlb_kernel_range START END");
          ctx.kernel().flushTlbRange(SimArgs.vaddr(l.args().get(0)), SimArgs.number(l.args().get(1), "end"));
          return SimResult.ok();
        })
        .show("layout", SimCommands::showLayout)
        .show("tables", SimCommands::showTables)
        .show("tlb", (ctx, args) -> List.of(ctx.kernel().tlbEntries() + " valid entries"));
  }

  private static SimResult translate(SimContext ctx, SimLine l) {
    SimArgs.expect(l, 1, "translate VADDR");
    long paddr = ctx.kernel().translate(SimArgs.vaddr(l.args().get(0)));
    return SimResult.of(paddr < 0 ? "fault" : Walk.formatPaddr(paddr));
  }

  private static SimResult write(SimContext ctx, SimLine l) {
    SimArgs.expect(l, 2, "write VADDR HEXBYTES");
    long vaddr = SimArgs.vaddr(l.args().get(0));
    byte[] data = SimArgs.hexBytes(l.args().get(1));
    try {
      ctx.kernel().write(vaddr, data);
    } catch (PageFaultException e) {
      return SimResult.of("fault");
    }
    return SimResult.ok();
  }

  private static SimResult read(SimContext ctx, SimLine l) {
    SimArgs.expect(l, 2, "read VADDR LEN");
    long vaddr = SimArgs.vaddr(l.args().get(0));
    long len = SimArgs.number(l.args().get(1), "length");
    if (len <= 0 || len > 4096) {
      throw new InputException("length '" + l.args().get(1) + "': expected 1 to 4096 bytes");
    }
    try {
      return SimResult.of(SimArgs.hex(ctx.kernel().read(vaddr, (int) len)));
    } catch (PageFaultException e) {
      return SimResult.of("fault");
    }
  }

  private static SimResult walk(SimContext ctx, SimLine l) {
    SimArgs.expect(l, 1, "walk VADDR");
    return SimResult.of(ctx.kernel().walk(SimArgs.vaddr(l.args().get(0))).oneLine());
  }

  private static List<String> showLayout(SimContext ctx, List<String> args) {
    List<String> out = new ArrayList<>();
    for (Region r : ctx.layout().regions()) {
      out.add(String.format(Locale.ROOT, "%-10s 0x%08x-0x%08x", r.name(), r.start(), r.end()));
    }
    return out;
  }

  private static List<String> showTables(SimContext ctx, List<String> args) {
    SimKernel k = ctx.kernel();
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%s swapper_pg_dir at 0x%08x",
        ctx.layout().description().pageTables().name(), k.pgdPaddr()));
    for (long p : k.tablePages()) {
      out.add(String.format(Locale.ROOT, "table page 0x%08x", p));
    }
    return out;
  }

  /** A {@code show} runs the topic's handler. */
  SimResult show(SimContext ctx, SimLine l) {
    if (l.args().isEmpty()) {
      throw new InputException("usage: show TOPIC (topics: " + String.join(", ", sortedShows()) + ")");
    }
    ShowHandler h = shows.get(l.args().get(0));
    beforeEach.forEach(hook -> hook.accept(ctx, l));
    if (h == null) {
      throw new InputException("show '" + l.args().get(0) + "': unknown topic (topics: "
          + String.join(", ", sortedShows()) + ")");
    }
    return SimResult.withLines("ok", h.show(ctx, l.args().subList(1, l.args().size())));
  }

  private List<String> sortedShows() {
    List<String> s = new ArrayList<>(shows.keySet());
    s.sort(null);
    return s;
  }

  /** Collects commands; a later registration of the same word replaces the earlier one. */
  public static final class Builder {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, ShowHandler> shows = new LinkedHashMap<>();
    private final List<BiConsumer<SimContext, SimLine>> beforeEach = new ArrayList<>();

    private Builder() {}

    /**
     * Registers {@code hook} to run before every command (and {@code show}) of a task, e.g. to
     * switch that task's per-task state in, as a context switch would.
     */
    public Builder beforeEach(BiConsumer<SimContext, SimLine> hook) {
      beforeEach.add(java.util.Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /** Registers {@code name}; {@code usage} is shown in help and in {@code usage:} errors. */
    public Builder command(String name, String usage, SimHandler handler) {
      if (name.equals("show") || !name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("sim command name '" + name + "' is reserved or malformed");
      }
      commands.put(name, new Command(usage, handler));
      return this;
    }

    /** Registers {@code show TOPIC}. */
    public Builder show(String topic, ShowHandler handler) {
      shows.put(topic, handler);
      return this;
    }

    /** Applies {@code registrar} (a mechanism's {@code register(Builder)} method) to this builder. */
    public Builder include(Consumer<Builder> registrar) {
      registrar.accept(this);
      return this;
    }

    /** The registry. */
    public SimCommands build() {
      return new SimCommands(commands, shows, beforeEach);
    }
  }
}
