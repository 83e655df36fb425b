package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.cli.MainAccess;

/**
 * Real boot logs from public sources that memmap's rules were not written against (sources in
 * {@code reallogs/SOURCES.md}): each passes {@code memmap check} with the inputs the log lacks.
 * The options say where a log does not print its configuration (VMSPLIT, HIGHMEM, MEMCG) or its
 * RAM (ARM); each choice follows from the log itself, as SOURCES.md explains.
 */
class RealLogsIT {
  static Stream<Arguments> logs() {
    return Stream.of(
        Arguments.of("x86-2.6.31-ubuntu-3g.log", "--arch x86"),
        Arguments.of("x86-2.6.38-ubuntu-2g.log", "--arch x86"),
        Arguments.of("x86-3.6-gentoo-3g.log", "--arch x86"),
        // PAE is read from the log's max_arch_pfn line.
        Arguments.of("x86-3.8-ubuntu-pae-3g.log", "--arch x86"),
        // Ubuntu enables MEMCG: "Normal zone: 2190 pages used for memmap" for 224254 pages is 40 bytes each.
        Arguments.of("x86-4.2-pae-4.5g.log", "--arch x86 --set CONFIG_MEMCG=y"),
        Arguments.of("arm-3.14-zynq-1g-mem1008.log", "--arch arm --ram 1G@0"),
        // The 2G split (lowmem from 0x80000000) and !HIGHMEM (no highmem item in Memory:) are read
        // from the log itself; Raspbian enables MEMCG (36-byte struct page: 2133 pages of memmap for 242688).
        Arguments.of("arm-4.9-rpi3-948m-vmsplit2g.log", "--arch arm --ram 948M@0 --set CONFIG_MEMCG=y"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void realLogPassesCheck(String file, String options) throws IOException {
    Path log = Files.createTempFile("reallog", ".log");
    try (InputStream in = RealLogsIT.class.getResourceAsStream("/reallogs/" + file)) {
      Files.write(log, in.readAllBytes());
    }
    List<String> args = new ArrayList<>(List.of("check", log.toString()));
    args.addAll(List.of(options.split(" ")));
    MainAccess.Run r = MainAccess.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), file + ":\n" + r.out() + r.err());
    String summary = r.out().lines().reduce((a, b) -> b).orElse("");
    assertTrue(summary.matches("\\d+ verified, 0 mismatched, \\d+ skipped"), summary);
    assertTrue(Integer.parseInt(summary.split(" ")[0]) >= 10, summary);
    Files.delete(log);
  }
}
