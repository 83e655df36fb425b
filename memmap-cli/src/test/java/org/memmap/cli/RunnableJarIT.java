package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar memmap.jar} runs every command with only a JRE: no Maven, no module path, the
 * plugins found through the merged {@code META-INF/services} file on the class path. The process
 * runs with a {@code PATH} that holds only the JRE's {@code bin} directory and an empty working
 * directory.
 */
class RunnableJarIT {
  @TempDir static Path dir;
  static Path jar;

  @BeforeAll
  static void locate() {
    jar = Path.of(System.getProperty("memmap.jar", "target/memmap.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package");
  }

  record Result(int code, String out, String err) {}

  static Result memmap(String... args) throws IOException, InterruptedException {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    List<String> cmd = new ArrayList<>(List.of(javaBin.resolve("java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", javaBin.toString());
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    int code = pb.start().waitFor();
    return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void layoutPrintsTheDefaultBoardsBanner() throws Exception {
    Result r = memmap("layout");
    assertEquals(0, r.code(), r.err());
    // the seed board's banner (testdata/bootlogs/arm-3.1x-seed-marvell-1g.log)
    assertTrue(r.out().contains("vmalloc : 0xf0000000 - 0xff000000   ( 240 MB)"), r.out());
  }

  @Test
  void everyPluginIsFoundOnTheClassPath() throws Exception {
    Result r = memmap("arches");
    assertEquals(0, r.code(), r.err());
    for (String id : List.of("arm ", "x86 ", "mips ")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id)), id + "in\n" + r.out());
    }
  }

  @Test
  void everyCommandRuns() throws Exception {
    Path script = Files.writeString(dir.resolve("s.sim"), "vmalloc a 64K\nvfree a\n");
    Path log = Path.of(System.getProperty("memmap.testdata", "../testdata"),
        "bootlogs/arm-3.1x-seed-marvell-1g.log").toAbsolutePath();
    List<List<String>> runs = List.of(
        List.of("--arch", "x86", "layout", "--format", "json"),
        List.of("check", log.toString(), "--ram", "512M@0", "--ram", "508M@0x20400000", "--kernel", "3.18"),
        List.of("explain", "0xc0001000"),
        List.of("vmalloc", "64K"),
        List.of("kmap", "--threads", "2", "--pages", "16"),
        List.of("walk", "0xc0001000"),
        List.of("translate", "0xc0001000"),
        List.of("sim", script.toString()),
        List.of("--version"),
        List.of("--help"));
    for (List<String> args : runs) {
      Result r = memmap(args.toArray(String[]::new));
      assertEquals(0, r.code(), args + ": " + r.err() + r.out());
      assertTrue(!r.out().isBlank(), args + " printed nothing");
    }
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Result r = memmap("layout", "--arch", "sparc");
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
