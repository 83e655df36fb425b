package org.memmap.api.spi;

/**
 * One configuration setting that changes the layout and that a boot log often does not reveal,
 * e.g. {@code CONFIG_THUMB2_KERNEL=y}: when {@code check} finds mismatches, it re-runs the model
 * with each choice flipped and names the one that makes them disappear.
 *
 * @param option the {@code CONFIG_} option
 * @param value the value to try
 */
public record ConfigSetting(String option, String value) {
  /** Checks the option is named in full. */
  public ConfigSetting {
    if (option == null || !option.startsWith("CONFIG_") || value == null || value.isBlank()) {
      throw new IllegalArgumentException("config setting: expected CONFIG_NAME and a value, got " + option + "=" + value);
    }
  }
}
