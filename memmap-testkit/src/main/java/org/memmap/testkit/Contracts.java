package org.memmap.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.memmap.api.Machine;

/** Runs a check over every sampled machine and fails once with every problem found. */
final class Contracts {
  private Contracts() {}

  static void assertNoProblems(List<Machine> machines, Function<Machine, List<String>> check) {
    List<String> problems = new ArrayList<>();
    for (Machine m : machines) {
      problems.addAll(check.apply(m));
    }
    assertNoProblems(problems);
  }

  static void assertNoProblems(List<String> problems) {
    if (!problems.isEmpty()) {
      List<String> distinct = problems.stream().distinct().toList();
      fail(distinct.size() + " problem(s):\n  " + String.join("\n  ", distinct));
    }
  }
}
