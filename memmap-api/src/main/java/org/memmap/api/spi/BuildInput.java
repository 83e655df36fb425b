package org.memmap.api.spi;

import java.util.Optional;

/**
 * A banner region whose addresses depend on build details (how many fixmap slots a
 * configuration has), and the board facts that fix it when a log prints it: {@code check} reads
 * such a line as an input, not as a result to verify.
 *
 * @param region the banner region, e.g. {@code fixmap}
 * @param startFact the board fact its start sets, e.g. {@code fixaddr_start}
 * @param sizeFact the board fact its size sets, if any, e.g. {@code cpu_entry_area_size}
 */
public record BuildInput(String region, String startFact, Optional<String> sizeFact) {}
