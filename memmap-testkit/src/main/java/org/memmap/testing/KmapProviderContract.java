package org.memmap.testing;

/**
 * Everything a {@link org.memmap.api.spi.KmapProvider} must pass: registration and descriptions.
 * A plugin's test implements this one interface. Contracts for page-table walks ({@code walk ∘
 * map = identity}), kmap and vmalloc scenarios join it as separate interfaces once core's
 * simulator lands; implementing this interface will then pick them up with no change to the
 * plugin's test.
 */
public interface KmapProviderContract extends RegistrationContract, DescriptionContract {}
