package org.memmap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.UnknownArchitectureException;

class ArchitecturesTest {
  @Test
  void findsByIdAndAliasCaseInsensitively() {
    FakeKmapProvider fake = new FakeKmapProvider();
    Architectures arches = Architectures.of(List.of(fake));
    assertEquals(fake, arches.require("fake"));
    assertEquals(fake, arches.require("FAKE32"));
    assertEquals(List.of("fake"), arches.ids());
  }

  @Test
  void unknownIdListsWhatIsInstalled() {
    Architectures arches = Architectures.of(List.of(new FakeKmapProvider()));
    UnknownArchitectureException e =
        assertThrows(UnknownArchitectureException.class, () -> arches.require("sparc"));
    assertTrue(e.getMessage().contains("'sparc'"), e.getMessage());
    assertTrue(e.getMessage().contains("fake (fake32)"), e.getMessage());
  }

  @Test
  void duplicateIdNamesBothClasses() {
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
        () -> Architectures.of(List.of(new FakeKmapProvider(), new FakeKmapProvider.Twin())));
    assertTrue(e.getMessage().contains(FakeKmapProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(FakeKmapProvider.Twin.class.getName()), e.getMessage());
  }

  @Test
  void malformedIdIsRejected() {
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
        () -> Architectures.of(List.of(new FakeKmapProvider() {
          @Override
          public String id() {
            return "Bad Id";
          }
        })));
    assertTrue(e.getMessage().contains("'Bad Id'"), e.getMessage());
  }
}
