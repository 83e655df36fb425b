package org.memmap.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.core.MemMap;
import org.memmap.core.proc.ProcModules;
import org.memmap.core.proc.VmallocInfo;
import org.memmap.core.vmalloc.VmallocinfoLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memmap explain ADDRESS...}: what each virtual address is on the machine. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain virtual addresses: the region and offset; for lowmem and the kernel",
      "image the physical address, pfn and zone; with --modules the module",
      "(name+0xoff/0xsize, as an oops prints it) or its neighbours; with --vmallocinfo",
      "the vmalloc area and its caller.",
      "Addresses may be written as oopses print them: 0xbf27f123, bf27f123,",
      "[<bf27f123>], 'PC is at 0xbf27f123', 'pc : [<bf27f123>]'. '-' reads a whole",
      "oops from stdin and explains every address in it.",
      "Example: memmap explain 0xbf27f123 --modules modules.txt"
    })
final class ExplainCommand implements Callable<Integer> {
  private static final Pattern BRACKETED = Pattern.compile("\\[<([0-9a-fA-F]{1,16})>\\]");
  private static final Pattern PREFIXED = Pattern.compile("\\b0[xX]([0-9a-fA-F]{1,16})\\b");
  private static final Pattern REGISTER =
      Pattern.compile("\\b(?:r\\d{1,2}|sp|ip|fp|lr|pc|e[abcd]x|e[sd]i|ebp|esp|eip)\\s*:\\s*([0-9a-f]{8})\\b");
  private static final Set<String> FILLER =
      Set.of("pc", "lr", "is", "at", ":", "pc:", "lr:", "eip:", "eip");

  @Mixin MachineOptions machine = new MachineOptions();

  @Parameters(paramLabel = "ADDRESS", arity = "1..*",
      description = "Addresses (hex with or without 0x, or as an oops prints them); '-' reads an oops from stdin.")
  List<String> addresses = new ArrayList<>();

  @Option(names = "--modules", paramLabel = "FILE", description = "A /proc/modules of the machine.")
  Path modulesFile;

  @Option(names = "--vmallocinfo", paramLabel = "FILE", description = "A /proc/vmallocinfo of the machine.")
  Path vmallocinfoFile;

  @Spec CommandSpec spec;

  /** Where '-' reads from; tests replace it. */
  java.io.InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Long> vaddrs = new ArrayList<>();
    if (addresses.equals(List.of("-"))) {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      }
      vaddrs.addAll(fromOops(lines));
      if (vaddrs.isEmpty()) {
        throw new InputException("explain -: found no address in the text on stdin (expected an oops with [<bf27f123>] or 0x... addresses)");
      }
    } else {
      vaddrs.addAll(fromArguments(addresses));
    }
    MemMap memmap = MemMap.installed();
    MemoryLayout layout = memmap.layout(machine.machine(memmap.architectures()));
    ProcModules modules = modulesFile == null ? null : ProcModules.read(modulesFile);
    VmallocInfo vmallocinfo = vmallocinfoFile == null ? null : VmallocInfo.read(vmallocinfoFile);
    if (modules != null && modules.skipped() > 0) {
      err.println("memmap: " + modulesFile + ": skipped " + modules.skipped() + " malformed line(s); first: "
          + modules.errors().get(0));
    }
    if (vmallocinfo != null && vmallocinfo.skipped() > 0) {
      err.println("memmap: " + vmallocinfoFile + ": skipped " + vmallocinfo.skipped() + " malformed line(s); first: "
          + vmallocinfo.errors().get(0));
    }
    for (long v : vaddrs) {
      out.println(explain(layout, modules, vmallocinfo, v));
    }
    return 0;
  }

  /** The addresses of the arguments, each written plainly or as an oops prints it. */
  static List<Long> fromArguments(List<String> args) {
    List<Long> out = new ArrayList<>();
    for (String arg : args) {
      for (String token : arg.trim().split("\\s+")) {
        if (token.isEmpty() || FILLER.contains(token.toLowerCase(Locale.ROOT))) {
          continue;
        }
        Matcher b = BRACKETED.matcher(token);
        if (b.find()) {
          out.add(check(Long.parseUnsignedLong(b.group(1), 16), token));
          continue;
        }
        String t = token.endsWith(",") || token.endsWith(":") ? token.substring(0, token.length() - 1) : token;
        if (!t.matches("(0[xX])?[0-9a-fA-F]{1,16}")) {
          throw new InputException("explain '" + token
              + "': expected an address such as 0xbf27f123, bf27f123, [<bf27f123>] or 'PC is at 0xbf27f123'");
        }
        out.add(check(Long.parseUnsignedLong(t.replaceFirst("^0[xX]", ""), 16), token));
      }
    }
    if (out.isEmpty()) {
      throw new InputException("explain: no address given (expected e.g. 0xbf27f123)");
    }
    return out;
  }

  private static long check(long v, String token) {
    return Addresses.checkVirtual(v, "explain '" + token + "'");
  }

  /** Every address an oops text prints, in order of first appearance. */
  static List<Long> fromOops(List<String> lines) {
    Set<Long> seen = new LinkedHashSet<>();
    for (String line : lines) {
      for (Pattern p : List.of(BRACKETED, REGISTER, PREFIXED)) {
        Matcher m = p.matcher(line);
        while (m.find()) {
          long v = Long.parseUnsignedLong(m.group(1), 16);
          if (v < Addresses.ADDRESS_LIMIT) {
            seen.add(v);
          }
        }
      }
    }
    return new ArrayList<>(seen);
  }

  /** One line about {@code vaddr}. */
  static String explain(MemoryLayout layout, ProcModules modules, VmallocInfo vmallocinfo, long vaddr) {
    StringBuilder sb = new StringBuilder(Addresses.hex(vaddr)).append(':');
    List<Region> hits = layout.regions().stream().filter(r -> r.contains(vaddr)).toList();
    if (hits.isEmpty()) {
      sb.append(" in no region of the layout");
      if (vaddr < layout.pageOffset()) {
        sb.append(" (below PAGE_OFFSET ").append(Addresses.hex(layout.pageOffset())).append(": user space)");
      }
    }
    // The most specific region first: kernel image sections before lowmem.
    List<Region> ordered = new ArrayList<>(hits);
    ordered.sort(java.util.Comparator.comparingLong(Region::size));
    List<String> parts = new ArrayList<>();
    for (Region r : ordered) {
      parts.add(String.format(Locale.ROOT, "%s+0x%x (%s-%s)", r.name(), vaddr - r.start(),
          Addresses.hex(r.start()), Addresses.hex(r.end())));
    }
    if (!parts.isEmpty()) {
      sb.append(' ').append(String.join(", ", parts));
    }
    boolean linear = hits.stream().anyMatch(r -> r.kind() == RegionKind.LOWMEM || r.kind() == RegionKind.KERNEL_IMAGE);
    if (linear && vaddr >= layout.pageOffset() && vaddr < layout.highMemory()) {
      long paddr = layout.virtToPhys(vaddr);
      long pfn = Addresses.pfnDown(paddr);
      Optional<Zone> zone = layout.zones().stream()
          .filter(z -> pfn >= z.startPfn() && pfn < z.endPfn()).findFirst();
      sb.append(String.format(Locale.ROOT, "; phys 0x%08x, pfn 0x%x, zone %s", paddr, pfn,
          zone.map(z -> z.type().kernelName()).orElse("none (a hole)")));
    }
    boolean inModules = hits.stream().anyMatch(r -> r.kind() == RegionKind.MODULES)
        || (modules != null && modules.find(vaddr).isPresent());
    if (modules != null && inModules) {
      Optional<ProcModules.Module> m = modules.find(vaddr);
      if (m.isPresent()) {
        sb.append("; module ").append(m.get().decode(vaddr));
      } else {
        sb.append("; in the module area but in no loaded module");
        modules.below(vaddr).ifPresent(b -> sb.append(String.format(Locale.ROOT,
            ", after %s (%s-%s, +0x%x past its end)", b.name(), Addresses.hex(b.address()),
            Addresses.hex(b.end()), vaddr - b.end())));
        modules.above(vaddr).ifPresent(a -> sb.append(String.format(Locale.ROOT,
            ", before %s (%s, 0x%x below it)", a.name(), Addresses.hex(a.address()), a.address() - vaddr)));
      }
    }
    if (vmallocinfo != null) {
      Optional<VmallocinfoLine> e = vmallocinfo.find(vaddr);
      if (e.isPresent()) {
        VmallocinfoLine a = e.get();
        sb.append(String.format(Locale.ROOT, "; vmalloc area %s-%s +0x%x", Addresses.hex(a.start()),
            Addresses.hex(a.end()), vaddr - a.start()));
        if (a.kind() == VmallocinfoLine.Kind.UNPURGED) {
          sb.append(" (lazily freed: unpurged vm_area)");
        } else if (a.kind() == VmallocinfoLine.Kind.VM_MAP_RAM) {
          sb.append(" (vm_map_ram)");
        } else {
          sb.append(a.caller().isEmpty() ? " (no caller)" : " caller " + a.caller());
          if (!a.flags().isEmpty()) {
            sb.append(' ').append(String.join(" ", a.flags()));
          }
          if (a.phys() > 0) {
            sb.append(String.format(Locale.ROOT, " phys 0x%08x", a.phys() + (vaddr - a.start())));
          }
          if (a.inGuardPage(vaddr)) {
            sb.append(" (in its guard page: an overrun)");
          }
        }
      } else if (hits.stream().anyMatch(r -> r.kind() == RegionKind.VMALLOC)) {
        sb.append("; in no area of the vmallocinfo given");
      }
    }
    return sb.toString();
  }
}
