package org.memmap.core.sim.script;

import java.util.List;

/**
 * One command of a sim script, parsed.
 *
 * @param task the simulated task ({@code @T}; 0 without a prefix)
 * @param text the line as written, comment removed and trimmed (what the output line echoes)
 * @param command the command as written without its {@code @T} prefix
 * @param name the command word ({@code kmap}, {@code translate} ...)
 * @param args the words after it
 */
public record SimLine(int task, String text, String command, String name, List<String> args) {
  /** Copies the list. */
  public SimLine {
    args = List.copyOf(args);
  }
}
