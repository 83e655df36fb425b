package org.memmap.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.core.MemMap;
import org.memmap.core.proc.ProcModules;

/**
 * Decodes module addresses of the default board against its {@code /proc/modules} (shipped as
 * the resource {@code granite2-proc-modules.txt}, quoted from {@code docs/default-board.md}):
 * first every module's load address, then the addresses of a backtrace as an oops prints them.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.ModuleOops
 * </pre>
 */
public final class ModuleOops {
  /**
   * An illustrative ARM backtrace (not a captured oops): its addresses are chosen inside and
   * between the board's modules to show each kind of answer.
   */
  static final List<String> OOPS = List.of(
      "Unable to handle kernel NULL pointer dereference at virtual address 00000010",
      "PC is at 0xbf27f123",
      "LR is at 0xbf203a10",
      "[<bf27f123>] (0xbf27f123) from [<bf203a10>]",
      "[<bf203a10>] (0xbf203a10) from [<bf2a7000>]");

  private ModuleOops() {}

  /** Prints the decoded addresses. */
  public static void main(String[] args) {
    MemoryLayout layout = MemMap.layout("arm");
    Region area = layout.region(RegionKind.MODULES).orElseThrow();
    ProcModules modules = load();
    System.out.println("module area " + Addresses.hex(area.start()) + "-" + Addresses.hex(area.end()));
    for (ProcModules.Module m : modules.modules()) {
      System.out.printf(Locale.ROOT, "%-20s %s-%s %s%n", m.name(), Addresses.hex(m.address()),
          Addresses.hex(m.end()), area.contains(m.address()) ? "inside" : "OUTSIDE the module area");
    }
    System.out.println();
    for (String line : OOPS) {
      System.out.println(line);
    }
    System.out.println();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[<([0-9a-f]{8})>\\]")
        .matcher(String.join("\n", OOPS));
    java.util.Set<Long> seen = new java.util.LinkedHashSet<>();
    while (m.find()) {
      seen.add(Long.parseLong(m.group(1), 16));
    }
    for (long a : seen) {
      String what = modules.find(a).map(mod -> mod.decode(a))
          .orElseGet(() -> "in no loaded module (after "
              + modules.below(a).map(ProcModules.Module::name).orElse("nothing") + ", before "
              + modules.above(a).map(ProcModules.Module::name).orElse("nothing") + ")");
      System.out.println(Addresses.hex(a) + " " + what);
    }
  }

  /** The board's /proc/modules. */
  static ProcModules load() {
    try (InputStream in = ModuleOops.class.getResourceAsStream("granite2-proc-modules.txt")) {
      if (in == null) {
        throw new IllegalStateException("resource granite2-proc-modules.txt missing");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ProcModules.parse(text.lines().toList(), "granite2-proc-modules.txt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
