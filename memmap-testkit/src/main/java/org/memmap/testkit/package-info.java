/**
 * The plugin conformance kit. A plugin author adds {@code memmap-testkit} as one test-scoped
 * dependency and writes one test class:
 *
 * <pre>{@code
 * class MipsKmapProviderTest implements KmapProviderContract {
 *   public KmapProvider provider() { return new MipsKmapProvider(); }
 *   public List<Machine> machines() { return List.of(...); }          // RAM sizes, configs
 *   public List<KernelVersion> eraBoundaries() { return List.of(...); } // where rules change
 * }
 * }</pre>
 *
 * <p>The contracts are grouped by what they check: {@link org.memmap.testkit.RegistrationContract}
 * (how the plugin is found), {@link org.memmap.testkit.DescriptionContract} (what it describes),
 * {@link org.memmap.testkit.PageTableContract} ({@code walk ∘ map = identity} on its page-table
 * format), {@link org.memmap.testkit.KmapContract} and {@link org.memmap.testkit.VmallocContract}
 * (scenarios on core's simulated kernel); {@link org.memmap.testkit.KmapProviderContract} is all
 * of them. {@link org.memmap.testkit.Conformance} and {@link org.memmap.testkit.SimConformance}
 * hold the checks themselves for use outside JUnit.
 */
package org.memmap.testkit;
