package org.memmap.core.sim.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.memmap.api.MemmapException;
import org.memmap.core.sim.SimKernel;

/**
 * Runs sim scripts (docs/sim.md) on one simulated kernel: one command per line, {@code #}
 * comments, blank lines ignored, {@code @T} task prefixes. Prints one line per command, {@code
 * <command as written> -> <result>}, followed only by {@code show}'s lines; {@code -> error: ...}
 * when the kernel refuses, and the script goes on; {@code -> blocked} when the command would
 * sleep: the task's later commands wait, and after every command that runs the sleepers are
 * retried in the order they fell asleep; a sleeper that succeeds prints {@code @T <command> ->
 * <result> (woken)} right after the waking command's line, then its waiting commands run.
 * Otherwise strictly script order, so the output is deterministic. Not thread-safe.
 */
public final class SimScript {
  private static final class Sleeper {
    final SimLine line;
    SimResult.Wakeup wakeup;
    final Deque<SimLine> pending = new ArrayDeque<>();

    Sleeper(SimLine line, SimResult.Wakeup wakeup) {
      this.line = line;
      this.wakeup = wakeup;
    }
  }

  private final SimContext ctx;
  private final SimCommands commands;
  private final Map<Integer, Sleeper> sleepers = new LinkedHashMap<>();

  /** A runner of {@code commands} on {@code kernel}. */
  public SimScript(SimKernel kernel, SimCommands commands) {
    this.ctx = new SimContext(kernel);
    this.commands = commands;
  }

  /** The context the commands run in. */
  public SimContext context() {
    return ctx;
  }

  /** The tasks asleep now. */
  public Set<Integer> blockedTasks() {
    return Set.copyOf(sleepers.keySet());
  }

  /**
   * Runs every line of {@code in}, printing to {@code out}.
   *
   * @throws IOException if the script cannot be read
   */
  public void run(BufferedReader in, Consumer<String> out) throws IOException {
    for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
      execute(raw, out);
    }
    finish(out);
  }

  /**
   * Ends the script: every command still waiting behind a task asleep gets its one line, {@code
   * <command> -> not run: task T is still asleep (<its blocked command>)}, so no command
   * vanishes. The sleepers stay asleep; commands given later still queue behind them.
   */
  public void finish(Consumer<String> out) {
    for (Sleeper s : sleepers.values()) {
      for (SimLine waiting : s.pending) {
        out.accept(waiting.text() + " -> not run: task " + s.line.task()
            + " is still asleep at the end of the script (blocked in '" + s.line.command() + "')");
      }
      s.pending.clear();
    }
  }

  /** Runs one input line (which may be blank or a comment), printing its output lines to {@code out}. */
  public void execute(String raw, Consumer<String> out) {
    int hash = raw.indexOf('#');
    String text = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
    if (text.isEmpty()) {
      return;
    }
    SimLine line;
    try {
      line = parse(text);
    } catch (org.memmap.api.InputException e) {
      out.accept(text + " -> error: " + e.getMessage());
      return;
    }
    Sleeper asleep = sleepers.get(line.task());
    if (asleep != null) {
      asleep.pending.add(line);
      return;
    }
    runAndPrint(line, out);
    wakeSleepers(out);
  }

  static SimLine parse(String text) {
    int task = 0;
    String command = text;
    if (text.startsWith("@")) {
      int sp = 1;
      while (sp < text.length() && !Character.isWhitespace(text.charAt(sp))) {
        sp++;
      }
      String t = text.substring(1, sp);
      if (!t.matches("[0-9]{1,6}")) {
        throw new org.memmap.api.InputException("task '@" + t + "': expected @T with T a small task number, e.g. @1");
      }
      task = Integer.parseInt(t);
      command = text.substring(sp).strip();
      if (command.isEmpty()) {
        throw new org.memmap.api.InputException("task @" + t + " is given no command");
      }
    }
    List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
    String name = words.remove(0);
    return new SimLine(task, text, command, name, words);
  }

  private void runAndPrint(SimLine line, Consumer<String> out) {
    SimResult r = invoke(() -> dispatch(line));
    if (r.isBlocked()) {
      sleepers.put(line.task(), new Sleeper(line, r.wakeup()));
    }
    print(line.text(), r, "", out);
  }

  private SimResult dispatch(SimLine line) {
    if (line.name().equals("show")) {
      return commands.show(ctx, line);
    }
    SimHandler h = commands.handler(line.name());
    if (h == null) {
      throw new org.memmap.api.InputException("unknown command '" + line.name() + "' (commands: "
          + String.join(", ", commands.usages().stream().map(u -> u.split(" ")[0]).distinct().toList()) + ")");
    }
    return h.run(ctx, line);
  }

  private void wakeSleepers(Consumer<String> out) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Sleeper s : List.copyOf(sleepers.values())) {
        SimResult r = invoke(s.wakeup::retry);
        if (r.isBlocked()) {
          s.wakeup = r.wakeup();
          continue;
        }
        sleepers.remove(s.line.task());
        print("@" + s.line.task() + " " + s.line.command(), r, " (woken)", out);
        while (!s.pending.isEmpty()) {
          SimLine next = s.pending.poll();
          runAndPrint(next, out);
          Sleeper again = sleepers.get(next.task());
          if (again != null) {
            again.pending.addAll(s.pending);
            s.pending.clear();
          }
        }
        progress = true;
        break;
      }
    }
  }

  private static SimResult invoke(java.util.function.Supplier<SimResult> call) {
    try {
      return call.get();
    } catch (MemmapException | IllegalArgumentException | IllegalStateException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      return SimResult.error(m);
    }
  }

  private static void print(String text, SimResult r, String suffix, Consumer<String> out) {
    out.accept(text + " -> " + r.value() + suffix);
    r.lines().forEach(out);
  }
}
