package org.memmap.api.spi;

import java.util.List;

/**
 * What a release prints at boot about memory: the banner ({@code mem_init()} / {@code
 * print_vmalloc_info}-style lines of {@code arch/*}{@code /mm/init.c}), which function prints the
 * {@code Memory:} line, the kernel image sections the banner names, and the board facts some
 * banner addresses depend on.
 *
 * @param banner the boot banner of this release
 * @param memoryLine which function prints the {@code Memory:} line
 * @param imageSections the kernel image sections this release's banner prints and the symbols
 *     that bound them, whether or not the machine knows the symbols
 * @param buildInputs banner regions whose addresses depend on build details the description
 *     cannot know for sure (x86's fixmap and cpu_entry), and the board facts that set them
 * @param printsLowHighAvailable whether the arch prints {@code NMB HIGHMEM available.} and {@code
 *     NMB LOWMEM available.} ({@code initmem_init()} of x86-32)
 * @param memblock the arch's own boot-time reservations ({@link MemblockRules#NONE} where they are
 *     not described)
 */
public record BootOutput(
    BannerSpec banner,
    MemoryLineStyle memoryLine,
    List<ImageSection> imageSections,
    List<BuildInput> buildInputs,
    boolean printsLowHighAvailable,
    MemblockRules memblock) {
  /** Copies the lists. */
  public BootOutput {
    imageSections = List.copyOf(imageSections);
    buildInputs = List.copyOf(buildInputs);
    java.util.Objects.requireNonNull(memblock, "memblock");
  }

  /** An output whose arch reservations are not described. */
  public BootOutput(BannerSpec banner, MemoryLineStyle memoryLine, List<ImageSection> imageSections,
      List<BuildInput> buildInputs, boolean printsLowHighAvailable) {
    this(banner, memoryLine, imageSections, buildInputs, printsLowHighAvailable, MemblockRules.NONE);
  }

  /** The same output with these arch reservations. */
  public BootOutput withMemblock(MemblockRules rules) {
    return new BootOutput(banner, memoryLine, imageSections, buildInputs, printsLowHighAvailable, rules);
  }

  /** A banner and {@code Memory:} style, no image sections, no build inputs, no low/high line. */
  public static BootOutput of(BannerSpec banner, MemoryLineStyle memoryLine) {
    return new BootOutput(banner, memoryLine, List.of(), List.of(), false);
  }

  /** The same output with another banner. */
  public BootOutput withBanner(BannerSpec b) {
    return new BootOutput(b, memoryLine, imageSections, buildInputs, printsLowHighAvailable, memblock);
  }

  /** The same output with these image sections. */
  public BootOutput withImageSections(List<ImageSection> sections) {
    return new BootOutput(banner, memoryLine, sections, buildInputs, printsLowHighAvailable, memblock);
  }

  /** The same output with these build inputs. */
  public BootOutput withBuildInputs(List<BuildInput> inputs) {
    return new BootOutput(banner, memoryLine, imageSections, inputs, printsLowHighAvailable, memblock);
  }

  /** The same output, saying whether {@code NMB HIGHMEM/LOWMEM available.} is printed. */
  public BootOutput withPrintsLowHighAvailable(boolean prints) {
    return new BootOutput(banner, memoryLine, imageSections, buildInputs, prints, memblock);
  }
}
