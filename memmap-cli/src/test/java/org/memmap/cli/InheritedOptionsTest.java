package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The machine options are declared once, on {@code memmap}, and apply wherever they are typed:
 * {@code memmap --arch x86 layout} is {@code memmap layout --arch x86}, for every command and
 * every machine option.
 */
class InheritedOptionsTest {
  @TempDir static Path dir;
  static Path script;
  static Path config;
  static Path systemMap;

  @BeforeAll
  static void files() throws IOException {
    script = Files.writeString(dir.resolve("one.sim"), "vmalloc a 64K\nshow vmallocinfo\n");
    config = Files.writeString(dir.resolve("config"), "CONFIG_HIGHMEM=y\nCONFIG_VMSPLIT_3G=y\n");
    systemMap = Files.writeString(dir.resolve("System.map"),
        "c0008000 T _text\nc0100000 T _etext\nc0200000 D _sdata\nc0280000 D _edata\n"
            + "c0300000 T __init_begin\nc0340000 T __init_end\nc0280000 B __bss_start\nc02c0000 B __bss_stop\n"
            + "c0008000 T stext\nc02c0000 A _end\n");
  }

  /** Each command with the arguments of one small run. */
  static Map<String, List<String>> commands() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("layout", List.of("--format", "table"));
    c.put("check", List.of(MainTest.testdata("bootlogs/arm-3.1x-seed-marvell-1g.log").toString()));
    c.put("explain", List.of("0xc0001000", "0xf0000000"));
    c.put("vmalloc", List.of("64K"));
    c.put("kmap", List.of("--threads", "1", "--pages", "8"));
    c.put("arches", List.of());
    c.put("walk", List.of("0xc0001000"));
    c.put("translate", List.of("0xc0001000"));
    c.put("sim", List.of(script.toString()));
    return c;
  }

  /** Each machine option with a value that is not the default. */
  static Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("--arch", "x86");
    o.put("--kernel", "4.14");
    o.put("--ram", "768M@0");
    o.put("--cmdline", "vmalloc=400M");
    o.put("--config", config.toString());
    o.put("--set", "CONFIG_HIGHMEM=y");
    o.put("--system-map", systemMap.toString());
    return o;
  }

  static Stream<Arguments> everyCommandAndOption() {
    List<Arguments> out = new ArrayList<>();
    commands().forEach((cmd, args) -> options().forEach((opt, value) -> out.add(Arguments.of(cmd, args, opt, value))));
    return out.stream();
  }

  /** What a run printed, with the kmap storm's wall-clock times masked. */
  static String run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return code + "\n" + (out + "\n" + err).replaceAll("[0-9]+\\.[0-9]{3} s", "T s");
  }

  @ParameterizedTest(name = "memmap {2} {3} {0} == memmap {0} {2} {3}")
  @MethodSource("everyCommandAndOption")
  void anOptionMeansTheSameBeforeAndAfterTheCommand(String cmd, List<String> args, String opt, String value) {
    List<String> before = new ArrayList<>(List.of(opt, value, cmd));
    before.addAll(args);
    List<String> after = new ArrayList<>(List.of(cmd));
    after.addAll(args);
    after.addAll(List.of(opt, value));
    assertEquals(run(after), run(before));
    // and the option reached the machine either way
    assertEquals(parsed(after), parsed(before));
    assertFalse(parsed(before).isEmpty(), "the option is read");
  }

  /** The machine options' values after parsing {@code args}. */
  static Map<String, Object> parsed(List<String> args) {
    CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    cl.parseArgs(args.toArray(String[]::new));
    MachineOptions m = ((Main) cl.getCommand()).machine;
    Map<String, Object> v = new LinkedHashMap<>();
    putIf(v, "arch", m.arch);
    putIf(v, "kernel", m.kernel);
    putIf(v, "ram", m.ram.isEmpty() ? null : m.ram);
    putIf(v, "cmdline", m.cmdline);
    putIf(v, "config", m.config);
    putIf(v, "sets", m.sets.isEmpty() ? null : m.sets);
    putIf(v, "systemMap", m.systemMap);
    return v;
  }

  private static void putIf(Map<String, Object> v, String k, Object o) {
    if (o != null) {
      v.put(k, String.valueOf(o));
    }
  }

  @Test
  void theArchitectureTypedFirstIsTheOneLaidOut() {
    String x86 = run(List.of("layout", "--arch", "x86", "--format", "table"));
    assertEquals(x86, run(List.of("--arch", "x86", "layout", "--format", "table")));
    assertTrue(x86.contains("\nx86 "), x86);
    assertNotEquals(x86, run(List.of("layout", "--format", "table")));
  }

  @Test
  void everyCommandAndEveryMachineOptionIsCovered() {
    CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    Set<String> declared = new TreeSet<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (o.scopeType() == CommandLine.ScopeType.INHERIT && !o.longestName().equals("--debug")
          && !o.usageHelp() && !o.versionHelp()) {
        declared.add(o.longestName());
      }
    }
    assertEquals(declared, new TreeSet<>(options().keySet()));
    Set<String> subcommands = new TreeSet<>(cl.getSubcommands().keySet());
    subcommands.remove("help");
    assertEquals(subcommands, new TreeSet<>(commands().keySet()));
  }
}
