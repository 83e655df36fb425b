package org.memmap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;

/** The machines of the tests: the default board and the Debian 6.1 kernels of testdata. */
public final class Machines {
  static final long MB = 1L << 20;
  static final long GB = 1L << 30;
  static final MemMap MEMMAP = MemMap.installed();

  private Machines() {}

  private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ");

  /** The console lines of a testdata log, timestamps removed, up to the oracle's dumps. */
  static List<String> console(String log) throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(testdata().resolve(log), StandardCharsets.ISO_8859_1)) {
      if (l.startsWith("@@@@@")) {
        break;
      }
      out.add(TIMESTAMP.matcher(l).replaceFirst(""));
    }
    return out;
  }

  public static Path testdata() {
    return Path.of(System.getProperty("memmap.testdata", "../testdata")).toAbsolutePath().normalize();
  }

  /**
   * Debian 6.1.0-50 {@code flavour} (armmp, armmp-lpae, 686, 686-pae) with {@code ram} bytes, RAM
   * placed as QEMU places it in the logs of testdata/debian-6.1: ARM virt at 0x40000000
   * ("node 0: [mem 0x0000000040000000-0x000000007fffffff]"); PC e820 usable 0-0x9fbff and from
   * 0x100000 up to 128 KiB below the top of the low RAM ("0x0000000000100000-0x000000003ffdffff
   * usable"), RAM beyond 3 GiB above 4 GiB.
   */
  static Machine debian(String flavour, long ram) {
    boolean arm = flavour.startsWith("armmp");
    List<RamRange> ranges = new ArrayList<>();
    if (arm) {
      ranges.add(new RamRange(0x40000000L, ram));
    } else {
      long low = Math.min(ram, 3 * GB);
      ranges.add(new RamRange(0, 0x9fc00));
      ranges.add(new RamRange(0x100000, low - 0x20000 - 0x100000));
      if (ram > low) {
        ranges.add(new RamRange(4 * GB, ram - low));
      }
    }
    KernelConfig cfg = KernelConfig.read(testdata().resolve("debian-6.1/config-6.1.0-50-" + flavour));
    return Machine.of(arm ? "arm" : "x86", KernelVersion.parse("6.1.176"), ranges).withConfig(cfg);
  }

  static MemoryLayout layout(Machine m) {
    return MemMap.layout(m);
  }

  /** The default board. */
  static Machine board() {
    return MEMMAP.defaultMachine("arm");
  }
}
