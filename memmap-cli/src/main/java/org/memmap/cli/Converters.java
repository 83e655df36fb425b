package org.memmap.cli;

import java.util.function.Supplier;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's value types, each parsed by the library's own parser so that a number means
 * the same on the command line as in a sim script or a Java program. A value the parser refuses
 * becomes a usage error (exit 2) that carries the parser's message.
 */
final class Converters {
  private Converters() {}

  private static <T> T convert(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InputException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** A kernel release, {@link KernelVersion#parse}: 3.18, 6.1.176, 4.14.0-rc2. */
  static final class Version implements ITypeConverter<KernelVersion> {
    @Override
    public KernelVersion convert(String value) {
      return Converters.convert(() -> KernelVersion.parse(value));
    }
  }

  /** A RAM range {@code SIZE@BASE}, {@link RamRange#parse}: 512M@0x40000000. */
  static final class Ram implements ITypeConverter<RamRange> {
    @Override
    public RamRange convert(String value) {
      return Converters.convert(() -> RamRange.parse(value));
    }
  }

  /** A size, {@link Addresses#parseSize}: 4096, 0x1000, 64K, 1M, 2G. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return Converters.convert(() -> Addresses.parseSize(value, "size "));
    }
  }

  /** A 32-bit virtual address, {@link Addresses#parseAddress}: 0xc0008000 or decimal. */
  static final class VirtualAddress implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return Converters.convert(() -> Addresses.checkVirtual(
          Addresses.parseAddress(value, "address "), "address " + value));
    }
  }
}
