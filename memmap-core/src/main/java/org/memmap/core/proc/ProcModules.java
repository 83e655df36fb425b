package org.memmap.core.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.memmap.api.Addresses;

/**
 * {@code /proc/modules} ({@code m_show()} in {@code kernel/module.c}): {@code name size} then
 * {@code print_unload_info()}'s {@code refcount users-list} (each user followed by a comma,
 * {@code [permanent],} for a module without exit, {@code -} when nothing was printed; {@code - -}
 * without {@code CONFIG_MODULE_UNLOAD}), the state {@code Live}/{@code Loading}/{@code
 * Unloading}, the load address {@code 0x%pK} and the taint flags in parentheses.
 *
 * @param modules the modules understood, in file order (the kernel lists the newest first)
 * @param skipped how many non-blank lines were not understood
 * @param errors one message per skipped line, naming the source and line
 */
public record ProcModules(List<Module> modules, int skipped, List<String> errors) {
  /** Copies the lists. */
  public ProcModules {
    modules = List.copyOf(modules);
    errors = List.copyOf(errors);
  }

  /**
   * One module.
   *
   * @param name the name
   * @param size {@code init_size + core_size} as printed (bytes)
   * @param refcount the reference count, -1 when printed as {@code -}
   * @param users modules using it, in printed order
   * @param permanent whether {@code [permanent]} was printed (cannot be unloaded)
   * @param state {@code Live}, {@code Loading} or {@code Unloading}
   * @param address where its core was loaded
   * @param taints the taint letters without parentheses, empty if none
   */
  public record Module(
      String name, long size, int refcount, List<String> users, boolean permanent, String state,
      long address, String taints) {
    /** Copies the users. */
    public Module {
      users = List.copyOf(users);
    }

    /** The exclusive end, {@code address + size}. */
    public long end() {
      return address + size;
    }

    /** Whether {@code vaddr} lies in the module. */
    public boolean contains(long vaddr) {
      return vaddr >= address && vaddr < end();
    }

    /** {@code name+0xoff/0xsize}, as an oops names a module address. */
    public String decode(long vaddr) {
      return String.format(Locale.ROOT, "%s+0x%x/0x%x", name, vaddr - address, size);
    }

    /** The line as the kernel prints it. */
    public String format() {
      StringBuilder sb = new StringBuilder(name).append(' ').append(size);
      if (refcount < 0) {
        sb.append(" - -");
      } else {
        sb.append(' ').append(refcount).append(' ');
        users.forEach(u -> sb.append(u).append(','));
        if (permanent) {
          sb.append("[permanent],");
        }
        if (users.isEmpty() && !permanent) {
          sb.append('-');
        }
      }
      sb.append(' ').append(state).append(' ').append(Addresses.hex(address));
      if (!taints.isEmpty()) {
        sb.append(" (").append(taints).append(')');
      }
      return sb.toString();
    }
  }

  /** Reads a file. */
  public static ProcModules read(Path file) {
    return parse(ProcLines.read(file, "/proc/modules"), file.toString());
  }

  /**
   * Parses the text; blank lines and lines starting with {@code #} are ignored, lines not of the
   * format are skipped and counted, each with a message naming {@code source} and the line.
   */
  public static ProcModules parse(List<String> lines, String source) {
    ProcLines<Module> p = ProcLines.parse(lines, source, l -> Optional.ofNullable(parseLine(l)),
        "NAME SIZE REFCOUNT USERS STATE 0xADDRESS [(TAINTS)] as /proc/modules prints");
    return new ProcModules(p.entries(), p.errors().size(), p.errors());
  }

  private static Module parseLine(String l) {
    String[] t = l.split("\\s+");
    if (t.length != 6 && t.length != 7) {
      return null;
    }
    try {
      if (!t[0].matches("[A-Za-z0-9_\\-]+") || !t[1].matches("\\d+")) {
        return null;
      }
      long size = Long.parseLong(t[1]);
      int refcount = t[2].equals("-") ? -1 : Integer.parseInt(t[2]);
      List<String> users = new ArrayList<>();
      boolean permanent = false;
      if (!t[3].equals("-")) {
        if (!t[3].endsWith(",")) {
          return null;
        }
        for (String u : t[3].split(",")) {
          if (u.equals("[permanent]")) {
            permanent = true;
          } else if (u.matches("[A-Za-z0-9_\\-]+")) {
            users.add(u);
          } else {
            return null;
          }
        }
      }
      if (!t[4].matches("Live|Loading|Unloading")) {
        return null;
      }
      if (!t[5].startsWith("0x")) {
        return null;
      }
      long address = Long.parseUnsignedLong(t[5].substring(2), 16);
      if (address >= Addresses.ADDRESS_LIMIT) {
        return null;
      }
      String taints = "";
      if (t.length == 7) {
        if (!t[6].matches("\\([A-Z]+\\)")) {
          return null;
        }
        taints = t[6].substring(1, t[6].length() - 1);
      }
      return new Module(t[0], size, refcount, users, permanent, t[4], address, taints);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The lines as the kernel prints them. */
  public List<String> format() {
    return modules.stream().map(Module::format).toList();
  }

  /** The module containing {@code vaddr}. */
  public Optional<Module> find(long vaddr) {
    return modules.stream().filter(m -> m.contains(vaddr)).findFirst();
  }

  /** The module ending last at or below {@code vaddr}. */
  public Optional<Module> below(long vaddr) {
    return modules.stream().filter(m -> m.end() <= vaddr).max(Comparator.comparingLong(Module::end));
  }

  /** The module starting first above {@code vaddr}. */
  public Optional<Module> above(long vaddr) {
    return modules.stream().filter(m -> m.address() > vaddr).min(Comparator.comparingLong(Module::address));
  }
}
