package org.memmap.testkit;

/**
 * Everything a {@link org.memmap.api.spi.KmapProvider} must pass: registration, descriptions,
 * page tables ({@code walk ∘ map = identity}), kmap and vmalloc scenarios on core's simulated
 * kernel. A plugin's test implements this one interface.
 */
public interface KmapProviderContract
    extends RegistrationContract, DescriptionContract, PageTableContract, KmapContract, VmallocContract {}
