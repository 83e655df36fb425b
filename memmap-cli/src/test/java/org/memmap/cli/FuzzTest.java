package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;

/**
 * Hostile input, with a fixed seed so CI runs the same cases every time: every parser of the
 * library either returns or throws {@link InputException}; every option and file given to the CLI
 * ends in exit 0, or exit 1/2 with exactly one line on stderr, no stack trace and no "internal
 * error", within a generous time bound (a hang detector, not a speed test).
 */
class FuzzTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static Path dir;

  /** Fragments real mistakes are made of: the classes issue 15 found, and their neighbours. */
  private static final List<String> NASTY = List.of(
      "", " ", "0", "1", "-1", "0x", "0x-1", "1e9", "0x1e9", "abc", "99999999999999999999",
      "0xffffffffffffffffff", "4G", "4096G", "1T", "1@0", "1000@0", "512M@0x123", "512M@0x1000",
      "512M@1e9", "\u0661\u0662", "١٠٠M", "\u001b[31m", "a\nb", "\u202e", "\t", "=", "@", "M", "0x0",
      "2.6.22", "9.9", "3.18", "6.1.176", "2147483648.1", "3.18-rc1", "mem=1", "vmalloc=4G",
      "highmem=99G", "memmap=1G$0", "mem=0", "yes", "maybe", "y", "m", "n", "\"\"");

  private static final List<String> KEYS = List.of(
      "phys_offset", "phys_ofset", "dma_zone_size", "struct_page_size", "vmalloc_end", "fixaddr_start",
      "cpu_entry_area_base", "cpu_entry_area_size", "reserved", "nr_cpus", "highmem_start",
      "CONFIG_NR_CPUS", "CONFIG_HIGHMEM", "CONFIG_HIGHMEN", "CONFIG_VMSPLIT_2G", "CONFIG_PAGE_OFFSET",
      "CONFIG_HIGHMEM64G", "CONFIG_X86_PAE", "CONFIG_ARM_LPAE", "Bad Key");

  @BeforeContainer
  static void corpus() throws IOException {
    dir = Files.createTempDirectory("memmap-fuzz");
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Provide
  Arbitrary<String> value() {
    Arbitrary<String> random = Arbitraries.strings().withCharRange('\u0000', '\u007f')
        .withChars('\u0661', '\u202e', '\u00ff').ofMaxLength(24);
    Arbitrary<String> numbers = Arbitraries.longs().map(v -> Long.toString(v));
    Arbitrary<String> hex = Arbitraries.longs().map(v -> "0x" + Long.toHexString(v));
    Arbitrary<String> sized = Arbitraries.integers().between(0, 5000)
        .flatMap(n -> Arbitraries.of("", "K", "M", "G", "T", "x").map(u -> n + u));
    Arbitrary<String> nasty = Arbitraries.of(NASTY);
    Arbitrary<String> glued = Arbitraries.of(NASTY).list().ofMaxSize(3).map(l -> String.join("", l));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, nasty), net.jqwik.api.Tuple.of(2, glued),
        net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(1, numbers),
        net.jqwik.api.Tuple.of(1, hex), net.jqwik.api.Tuple.of(2, sized));
  }

  /** Each library parser returns, or throws InputException: nothing else escapes. */
  @Property(tries = 1000, seed = "1515")
  void libraryParsersThrowOnlyInputException(@ForAll("value") String text) {
    List<Supplier<Object>> parsers = List.of(
        () -> Addresses.parseNumber(text, "n"),
        () -> Addresses.parseSize(text, "s"),
        () -> Addresses.parseAddress(text, "a"),
        () -> Addresses.parseOopsAddress(text, "o"),
        () -> RamRange.parse(text),
        () -> RamRange.parse(text + "@0"),
        () -> RamRange.parse("512M@" + text),
        () -> KernelVersion.parse(text),
        () -> new KernelCommandLine("mem=" + text + " vmalloc=" + text).size("vmalloc"),
        () -> new KernelCommandLine("mem=" + text).sizeAtRanges("mem", 0),
        () -> KernelConfig.parse(List.of(text, "CONFIG_X=" + text), "c"),
        () -> KernelConfig.EMPTY.with("HIGHMEM", text).isEnabled("HIGHMEM"),
        () -> KernelConfig.EMPTY.with("NR_CPUS", text).longValue("NR_CPUS", 1));
    for (Supplier<Object> p : parsers) {
      try {
        p.get();
      } catch (InputException e) {
        assertFalse(!text.contains("--") && e.getMessage().contains("--"),
            "library message names no CLI flag: " + e.getMessage());
        assertTrue(org.memmap.api.Printable.clean(e.getMessage()) || e.getMessage().contains("\\"),
            "control characters escaped: " + e.getMessage());
      }
    }
  }

  /** Every machine option, before any layout: exit 0, or one clear line and exit 2. */
  @Property(tries = 250, seed = "1515")
  void machineOptionsFailCleanly(
      @ForAll("value") String value,
      @ForAll("option") String option,
      @ForAll("command") String command,
      @ForAll("key") String key) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    if (option.equals("--set")) {
      args.add("--set");
      args.add(key + "=" + value);
    } else {
      args.add(option);
      args.add(value);
    }
    assertClean(args.toArray(String[]::new));
  }

  @Provide
  Arbitrary<String> key() {
    return Arbitraries.of(KEYS);
  }

  @Provide
  Arbitrary<String> option() {
    return Arbitraries.of("--ram", "--kernel", "--cmdline", "--set", "--arch");
  }

  @Provide
  Arbitrary<String> command() {
    return Arbitraries.of("layout", "layout --arch x86", "layout --arch mips", "layout --format json",
        "walk 0xc0000000", "translate 0xc0001000", "vmalloc 64K", "explain 0xc0000000");
  }

  /** Plausible machines, several options at once: the plugins' rules meet each other's edges. */
  @Property(tries = 300, seed = "1515")
  void combinedMachinesFailCleanly(
      @ForAll("arch") String arch,
      @ForAll("ramSpec") String ram,
      @ForAll("cmdlineSpec") String cmdline,
      @ForAll("configSpec") String config,
      @ForAll("kernelSpec") String kernel) {
    List<String> args = new ArrayList<>(List.of("layout", "--arch", arch, "--ram", ram, "--kernel", kernel));
    if (!cmdline.isEmpty()) {
      args.add("--cmdline");
      args.add(cmdline);
    }
    if (!config.isEmpty()) {
      args.add("--set");
      args.add(config);
    }
    assertClean(args.toArray(String[]::new));
  }

  @Provide
  Arbitrary<String> arch() {
    return Arbitraries.of("arm", "x86", "mips");
  }

  @Provide
  Arbitrary<String> ramSpec() {
    return Arbitraries.of("1@0", "4K@0", "8K@0x100000", "64M@0", "256M@0x40000000", "1G@0", "2G@0",
        "3G@0", "4G@0", "8G@0", "65G@0", "512M@0x123", "512M@0x1000", "1M@0xfff00000", "16M@0x80000000",
        "1T@0", "768M@0x20000000");
  }

  @Provide
  Arbitrary<String> cmdlineSpec() {
    return Arbitraries.of("", "mem=1", "mem=4K", "mem=64M", "mem=0", "mem=4G", "vmalloc=0", "vmalloc=4G",
        "vmalloc=16M", "vmalloc=1G", "vmalloc=3G", "highmem=0", "highmem=99G", "highmem=512M",
        "memmap=1G$0", "memmap=4K@0x100000", "mem=64M@0x40000000 mem=64M@0x10000000", "reservelow=1M");
  }

  @Provide
  Arbitrary<String> configSpec() {
    return Arbitraries.of("", "CONFIG_HIGHMEM=n", "CONFIG_ARM_LPAE=y", "CONFIG_X86_PAE=y",
        "CONFIG_HIGHMEM64G=y", "CONFIG_NOHIGHMEM=y", "CONFIG_VMSPLIT_1G=y", "CONFIG_VMSPLIT_2G=y",
        "CONFIG_VMSPLIT_3G_OPT=y", "CONFIG_VMSPLIT_2G_OPT=y", "CONFIG_PAGE_OFFSET=0x40000000",
        "CONFIG_PAGE_OFFSET=0x12345678", "CONFIG_ZONE_DMA=y", "CONFIG_NR_CPUS=32", "CONFIG_64BIT=y",
        "CONFIG_XPA=y", "CONFIG_THUMB2_KERNEL=y", "CONFIG_MODULES=n", "CONFIG_SMP=n",
        "dma_zone_size=16M", "phys_offset=0x80000000", "struct_page_size=64", "highmem_start=0x1000",
        "fixaddr_start=0xff000000", "cpu_entry_area_size=64M", "vmalloc_end=0xd0000000", "reserved=1G",
        "nr_cpus=64");
  }

  @Provide
  Arbitrary<String> kernelSpec() {
    return Arbitraries.of("2.6.22", "2.6.32", "3.0", "3.4", "3.11", "3.18", "4.0", "4.14", "4.15",
        "5.4", "5.10", "5.11", "5.15", "6.1", "6.1.176", "6.12");
  }

  /** Positional arguments: addresses, vmalloc operations, kmap counts. */
  @Property(tries = 150, seed = "1515")
  void argumentsFailCleanly(@ForAll("value") String value, @ForAll("positional") String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add(value);
    assertClean(args.toArray(String[]::new));
  }

  @Provide
  Arbitrary<String> positional() {
    return Arbitraries.of("walk", "translate", "vmalloc", "vmalloc 4K", "explain");
  }

  /** A corpus of nasty files through every option that reads one. */
  @Example
  void nastyFilesFailCleanly() throws IOException {
    Map<String, byte[]> corpus = new java.util.LinkedHashMap<>();
    corpus.put("empty", new byte[0]);
    corpus.put("binary", new byte[] {0, 1, 2, (byte) 0xff, 0x7f, '\n', 0});
    corpus.put("latin1", "CONFIG_HIGHMEM=y\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    corpus.put("utf8-invalid", new byte[] {'C', 'O', (byte) 0xc3, (byte) 0x28, '\n'});
    corpus.put("huge-number", ("CONFIG_NR_CPUS=" + "9".repeat(40) + "\nc0008000 T " + "f".repeat(30)
        + "\n[    0.000000] Linux version 3.18.0 (x@y)\n[    0.000000] Memory: 99999999999999999999K/1K available\n"
        + "vmalloc 99999999999999999999\n").getBytes(StandardCharsets.UTF_8));
    corpus.put("control", ("CONFIG_HIGHMEM=\u001b[31my\nc0008000 T \u001b]0;x\u0007\n"
        + "[    0.000000] Linux version \u001b[2J3.18.0 (x@y)\nvmalloc a\u001b 4K\n").getBytes(StandardCharsets.UTF_8));
    corpus.put("other-arch", "CONFIG_X86_32=y\nCONFIG_X86=y\nCONFIG_HIGHMEM64G=y\n".getBytes(StandardCharsets.UTF_8));
    corpus.put("choices", "CONFIG_VMSPLIT_2G=y\nCONFIG_VMSPLIT_1G=y\n".getBytes(StandardCharsets.UTF_8));
    corpus.put("long-line", ("CONFIG_CMDLINE=\"" + "x".repeat(200_000) + "\"\n").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.write(f, e.getValue());
      String p = f.toString();
      assertClean("layout", "--config", p);
      assertClean("layout", "--arch", "x86", "--config", p);
      assertClean("layout", "--system-map", p);
      assertClean("check", p);
      assertClean("check", "--arch", "x86", p);
      assertClean("sim", p);
      assertClean("explain", "--vmallocinfo", p, "0xf0000000");
      assertClean("explain", "--modules", p, "0xbf000000");
    }
    assertClean("layout", "--config", dir.resolve("missing").toString());
    assertClean("layout", "--config", dir.toString());
  }

  private static void assertClean(String... args) {
    CliRun r = assertTimeoutPreemptively(BOUND, () -> CliRun.of(args), () -> "hangs: " + List.of(args));
    String what = List.of(args).toString().replace("\n", "\\n") + " -> " + r.code() + "\n" + r.err();
    assertTrue(r.code() >= 0 && r.code() <= 2, what);
    assertFalse(r.err().contains("\tat "), "no stack trace: " + what);
    assertFalse(r.err().contains("internal error"), "no internal error: " + what);
    assertFalse(r.err().contains("architecture plugin"), "a user's input never blames the plugin: " + what);
    assertFalse(r.err().chars().anyMatch(c -> c == 0x1b) || r.out().chars().anyMatch(c -> c == 0x1b),
        "no raw ESC printed: " + what);
    if (r.code() != 0) {
      List<String> lines = r.err().lines().filter(l -> !l.startsWith("memmap: note:")).toList();
      if (r.code() == 2) {
        assertEquals(1, lines.size(), "exactly one line on stderr: " + what);
      }
    }
  }
}
