package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code memmap --help} and every {@code memmap CMD --help} read as whole sentences at 80
 * columns: every command has a one-line header that the command list shows whole, no line is
 * wider than 80 columns, and every description is a sentence.
 */
class HelpTest {
  static CommandLine memmap() {
    return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  static Stream<String> commands() {
    List<String> names = new ArrayList<>(List.of(""));
    names.addAll(memmap().getSubcommands().keySet());
    return names.stream();
  }

  static String help(String command) {
    List<String> args = new ArrayList<>();
    if (!command.isEmpty()) {
      args.add(command);
    }
    args.add("--help");
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return r.out();
  }

  @ParameterizedTest(name = "memmap {0} --help")
  @MethodSource("commands")
  void noLineIsWiderThan80Columns(String command) {
    for (String line : help(command).lines().toList()) {
      assertTrue(line.length() <= 80, "memmap " + command + " --help: " + line.length() + " columns: " + line);
    }
  }

  @ParameterizedTest(name = "memmap {0}")
  @MethodSource("commands")
  void theHeaderIsOneWholeSentence(String command) {
    CommandSpec spec = command.isEmpty() ? memmap().getCommandSpec()
        : memmap().getSubcommands().get(command).getCommandSpec();
    String[] header = spec.usageMessage().header();
    assertEquals(1, header.length, "memmap " + command + " has a one-line header");
    assertTrue(header[0].endsWith("."), header[0]);
    assertTrue(header[0].length() <= 80 - 13 || command.isEmpty(), "fits the command list: " + header[0]);
    assertTrue(help(command).startsWith(header[0] + "\n"), help(command));
    boolean example = false;
    for (String raw : spec.usageMessage().description()) {
      String d = raw.replace("%n", "").strip();
      assertTrue(example || d.endsWith(".") || d.endsWith(":") || d.startsWith("Example: "),
          "memmap " + command + ": a description paragraph is a sentence: " + d);
      example = example || d.startsWith("Example") && d.endsWith(":");
    }
    for (OptionSpec o : spec.options()) {
      String text = String.join(" ", o.description());
      assertTrue(text.endsWith("."), "memmap " + command + " " + o.longestName() + ": " + text);
    }
  }

  @Test
  void theCommandListShowsEveryHeaderWhole() {
    String help = help("");
    for (CommandLine sub : memmap().getSubcommands().values()) {
      String name = sub.getCommandName();
      String header = sub.getCommandSpec().usageMessage().header()[0];
      assertTrue(help.lines().map(String::strip).anyMatch(l -> l.startsWith(name + " ") && l.endsWith(header)
              && l.substring(name.length(), l.length() - header.length()).isBlank()),
          "'" + name + "  " + header + "' on one line of\n" + help);
    }
    assertFalse(help.contains("DESIGN.md"), "users have no DESIGN.md");
  }
}
