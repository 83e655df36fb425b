package org.memmap.api.spi;

import java.util.regex.Pattern;

/**
 * A boot-log line that reveals a configuration choice the log prints nowhere else, e.g. x86's
 * {@code max_arch_pfn = 0x1000000} for a PAE kernel: {@code check} sets the option from it when
 * the user gave no {@code .config} that decides it.
 *
 * @param pattern a regular expression matched against whole log messages
 * @param option the {@code CONFIG_} option it decides
 * @param value the option's value when the pattern matches
 */
public record LogHint(Pattern pattern, String option, String value) {}
