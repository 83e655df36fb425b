package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;

/** Typed options parse as the library parses, and a refused value is one usage line naming it. */
class ConvertersTest {
  @Test
  void valuesParseAsTheLibraryParsesThem() throws Exception {
    assertEquals(KernelVersion.parse("6.1.176"), new Converters.Version().convert("6.1.176"));
    assertEquals(RamRange.parse("512M@0x40000000"), new Converters.Ram().convert("512M@0x40000000"));
    assertEquals(Addresses.parseSize("64K", ""), new Converters.Size().convert("64K"));
    assertEquals(0xbf27f123L, new Converters.VirtualAddress().convert("0xbf27f123"));
  }

  @Test
  void aRefusedValueIsOneUsageLineNamingTheOption() {
    CliRun.of("layout", "--kernel", "banana").assertUsageError("--kernel", "banana");
    CliRun.of("--ram", "1G", "layout").assertUsageError("--ram", "1G");
    CliRun.of("vmalloc", "64K", "--module", "zz").assertUsageError("--module", "zz");
    CliRun.of("walk", "0x1ffffffff").assertUsageError("ADDRESS", "0x1ffffffff");
    CliRun.of("translate", "nope").assertUsageError("ADDRESS", "nope");
  }
}
