package org.memmap.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one way memmap reads a text file a caller names ({@code .config}, {@code System.map}, a
 * boot log, a script, a {@code /proc} dump): at most a size limit, refused before more is read
 * (so {@code /dev/zero} cannot exhaust memory), strictly UTF-8 (ASCII is UTF-8), no NUL bytes.
 * Errors name the file and say what is wrong, never a bare {@code Input length = 1}.
 */
public final class InputFiles {
  /** The default limit: 16 MiB, far above any real {@code .config}, log or dump memmap reads. */
  public static final long DEFAULT_MAX_BYTES = 16L << 20;

  private InputFiles() {}

  /**
   * The lines of {@code file}, without line terminators ({@code \n} or {@code \r\n}).
   *
   * @param what names the kind of file in messages, e.g. {@code "configuration"}
   * @throws InputException naming the file if it cannot be read, holds more than {@code
   *     maxBytes}, is not UTF-8 text, or holds a NUL byte
   */
  public static List<String> readLines(Path file, long maxBytes, String what) {
    byte[] bytes = readAtMost(file, maxBytes, what);
    return lines(bytes, maxBytes, label(what, file));
  }

  /**
   * The lines of {@code file} read as ISO-8859-1 (every byte is a character), at most {@code
   * maxBytes}: for boot logs, whose serial captures may hold stray bytes. Control characters are
   * kept; printers escape them ({@link Printable}).
   *
   * @throws InputException naming the file if it cannot be read or holds more than {@code
   *     maxBytes}
   */
  public static List<String> readLinesLenient(Path file, long maxBytes, String what) {
    byte[] bytes = readAtMost(file, maxBytes, what);
    if (bytes.length > maxBytes) {
      throw new InputException(String.format(Locale.ROOT,
          "%s: larger than %d MiB; refused before reading it all", label(what, file), maxBytes >> 20));
    }
    return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
  }

  /**
   * The lines of a stream (stdin), read like {@link #readLines(Path, long, String)}.
   *
   * @param source names the stream in messages, e.g. {@code "standard input"}
   */
  public static List<String> readLines(InputStream in, long maxBytes, String source) {
    try {
      return lines(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)), maxBytes, source);
    } catch (IOException e) {
      throw new InputException(source + ": cannot read (" + Printable.escape(e.getMessage()) + ")", e);
    }
  }

  private static List<String> lines(byte[] bytes, long maxBytes, String source) {
    if (bytes.length > maxBytes) {
      throw new InputException(String.format(Locale.ROOT,
          "%s: larger than %d MiB; refused before reading it all", source, maxBytes >> 20));
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new InputException(source + ": holds a NUL byte at offset " + i
            + "; expected a text file");
      }
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = dec.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InputException(source + ": " + invalidUtf8(bytes) + "; expected UTF-8 text", e);
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
        out.add(text.substring(start, end));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** Where the first byte that is not UTF-8 sits: {@code line 3: byte 0xff is not UTF-8}. */
  private static String invalidUtf8(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    dec.decode(in, out, true);
    int pos = in.position();
    int line = 1;
    for (int i = 0; i < pos && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return String.format(Locale.ROOT, "line %d: byte 0x%02x is not UTF-8", line,
        pos < bytes.length ? bytes[pos] & 0xff : 0);
  }

  private static String label(String what, Path file) {
    return what.isEmpty() ? name(file) : what + " " + name(file);
  }

  private static String name(Path file) {
    return Printable.escape(String.valueOf(file));
  }

  /** At most {@code maxBytes + 1} bytes of {@code file}, so that a larger file shows as one. */
  private static byte[] readAtMost(Path file, long maxBytes, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (NoSuchFileException e) {
      throw new InputException(label(what, file) + ": no such file");
    } catch (IOException e) {
      throw new InputException(label(what, file) + ": cannot read ("
          + Printable.escape(e.getMessage()) + ")", e);
    }
  }
}
