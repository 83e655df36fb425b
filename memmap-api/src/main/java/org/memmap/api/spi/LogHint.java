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
 * <p>Most such lines are inputs, which {@code check} never verifies. Some are figures {@code
 * check} verifies (the banner's {@code lowmem} start is {@code PAGE_OFFSET}); such a hint names
 * the figure it {@link #reads()}, so that {@code check} takes a choice from an input line when one
 * gives it, and otherwise reports that figure as an input instead of verifying it against itself.
 *
 * @param pattern a regular expression matched against whole log messages
 * @param unless a message whose presence cancels the hint (empty: none)
 * @param option the {@code CONFIG_} option it decides
 * @param value the option's value when the pattern matches
 * @param reads the checked figure the hint reads (empty: the line is an input, never verified)
 */
public record LogHint(Pattern pattern, Optional<Pattern> unless, String option, String value, Optional<Reads> reads) {
  /**
   * A figure {@code check} verifies, read by a hint.
   *
   * @param fact the name of {@code check}'s fact for that line ({@code banner lowmem}, {@code
   *     Memory: highmem (K)})
   * @param part the part of the line read ({@code its start}), or empty when the hint reads the
   *     whole fact (its presence or absence), which then is not verified at all
   */
  public record Reads(String fact, String part) {
    /** Checks the parts. */
    public Reads {
      Objects.requireNonNull(fact, "fact");
      Objects.requireNonNull(part, "part");
    }

    /** Whether the hint reads the whole fact, not one part of its line. */
    public boolean whole() {
      return part.isEmpty();
    }
  }

  /** Checks the parts. */
  public LogHint {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(unless, "unless");
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reads, "reads");
  }

  /** A hint that one matching input line decides. */
  public LogHint(Pattern pattern, String option, String value) {
    this(pattern, Optional.empty(), option, value, Optional.empty());
  }

  /** A hint that one matching message decides, read from a figure {@code check} verifies. */
  public static LogHint reading(Pattern pattern, String option, String value, Reads reads) {
    return new LogHint(pattern, Optional.empty(), option, value, Optional.of(reads));
  }

  /**
   * A hint decided by a message that is there ({@code pattern}) and one that is not ({@code
   * unless}), which is the figure it reads.
   */
  public static LogHint unless(Pattern pattern, Pattern unless, String option, String value, Reads reads) {
    return new LogHint(pattern, Optional.of(unless), option, value, Optional.of(reads));
  }

  /** Whether the log's messages reveal the choice: one matches the pattern, none the exception. */
  public boolean appliesTo(List<String> messages) {
    return messages.stream().anyMatch(l -> pattern.matcher(l).matches())
        && unless.map(u -> messages.stream().noneMatch(l -> u.matcher(l).matches())).orElse(true);
  }
}
