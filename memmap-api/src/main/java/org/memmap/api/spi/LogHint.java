package org.memmap.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A boot-log line that reveals a configuration choice the log prints nowhere else, e.g. x86's
 * {@code max_arch_pfn = 0x1000000} for a PAE kernel: {@code check} sets the option from it when
 * the user gave no {@code .config} that decides it. Some choices show as a line missing from a
 * message the log does print: a banner with a {@code lowmem} line and no {@code pkmap} line was
 * printed by a kernel without {@code CONFIG_HIGHMEM}, whose {@code mem_init()} prints the pkmap
 * line under {@code #ifdef CONFIG_HIGHMEM}; {@code unless} names that missing line.
 *
 * @param pattern a regular expression matched against whole log messages
 * @param unless a message whose presence cancels the hint (empty: none)
 * @param option the {@code CONFIG_} option it decides
 * @param value the option's value when the pattern matches
 */
public record LogHint(Pattern pattern, Optional<Pattern> unless, String option, String value) {
  /** Checks the parts. */
  public LogHint {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(unless, "unless");
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
  }

  /** A hint that one matching message decides. */
  public LogHint(Pattern pattern, String option, String value) {
    this(pattern, Optional.empty(), option, value);
  }

  /**
   * A hint decided by a message that is there ({@code pattern}) and one that is not ({@code
   * unless}).
   */
  public static LogHint unless(Pattern pattern, Pattern unless, String option, String value) {
    return new LogHint(pattern, Optional.of(unless), option, value);
  }

  /** Whether the log's messages reveal the choice: one matches the pattern, none the exception. */
  public boolean appliesTo(List<String> messages) {
    return messages.stream().anyMatch(l -> pattern.matcher(l).matches())
        && unless.map(u -> messages.stream().noneMatch(l -> u.matcher(l).matches())).orElse(true);
  }
}
