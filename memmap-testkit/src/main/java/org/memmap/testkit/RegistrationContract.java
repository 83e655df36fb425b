package org.memmap.testkit;

import org.junit.jupiter.api.Test;
import org.memmap.api.spi.KmapProvider;

/**
 * How a plugin is found: a well-formed id and aliases, a {@code public final} class with a public
 * no-arg constructor, registered twice — {@code META-INF/services} (AutoService) for the class path
 * and {@code provides} in {@code module-info} for the module path.
 */
public interface RegistrationContract {
  /** A new instance of the provider under test. */
  KmapProvider provider();

  /** Id, aliases, display name and claimed releases are well formed. */
  @Test
  default void idAndAliasesAreWellFormed() {
    Contracts.assertNoProblems(Conformance.identityProblems(provider()));
  }

  /** The class is {@code public final} with a public no-arg constructor. */
  @Test
  default void providerClassIsPublicFinalWithNoArgConstructor() {
    Contracts.assertNoProblems(Conformance.classProblems(provider()));
  }

  /** {@code META-INF/services/org.memmap.api.spi.KmapProvider} lists the class. */
  @Test
  default void registeredInMetaInfServices() {
    Contracts.assertNoProblems(Conformance.servicesFileProblems(provider()));
  }

  /** The module descriptor {@code provides} the service with the class. */
  @Test
  default void registeredInModuleDescriptor() {
    Contracts.assertNoProblems(Conformance.moduleProblems(provider()));
  }
}
