package org.memmap.cli;

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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.proc.ProcModules;
import org.memmap.core.proc.VmallocInfo;
import org.memmap.core.render.Explain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memmap explain ADDRESS...}: what each virtual address is on the machine. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    header = "Explain what virtual addresses are on the machine.",
    description = {
      "For each address: the regions that hold it and the offset into each; for lowmem and "
          + "the kernel image the physical address, pfn and zone; with --modules the module "
          + "(name+0xoff/0xsize, as an oops prints it) or its neighbours; with --vmallocinfo the "
          + "vmalloc area and its caller.",
      "Addresses may be written as oopses print them: 0xbf27f123, bf27f123, [<bf27f123>], "
          + "'PC is at 0xbf27f123' or 'pc : [<bf27f123>]'. '-' reads a whole oops from standard "
          + "input and explains every address in it.",
      "Example: memmap explain 0xbf27f123 --modules modules.txt"
    })
final class ExplainCommand implements Callable<Integer> {
  private static final Pattern BRACKETED = Pattern.compile("\\[<([0-9a-fA-F]{1,16})>\\]");
  private static final Pattern PREFIXED = Pattern.compile("\\b0[xX]([0-9a-fA-F]{1,16})\\b");
  private static final Pattern REGISTER =
      Pattern.compile("\\b(?:r\\d{1,2}|sp|ip|fp|lr|pc|e[abcd]x|e[sd]i|ebp|esp|eip)\\s*:\\s*([0-9a-f]{8})\\b");
  private static final Set<String> FILLER =
      Set.of("pc", "lr", "is", "at", ":", "pc:", "lr:", "eip:", "eip");

  @ParentCommand Main main;

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
    MemoryLayout layout = MemMap.layout(main.machine.machine(memmap.architectures()));
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
      out.println(Explain.explain(layout, v, modules, vmallocinfo));
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
}
