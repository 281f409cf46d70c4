package dev.mtasts.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Domain names as reports.domains and reports name them, compared in one form. */
class AttributionTest {

  @Test
  void anInternationalizedNameIsComparedByItsALabels() {
    assertThat(Attribution.normalize("Bücher.Example.")).isEqualTo("xn--bcher-kva.example");
    assertThat(Attribution.normalize("xn--bcher-kva.example")).isEqualTo("xn--bcher-kva.example");
    assertThat(Attribution.normalize("  EXAMPLE.org. ")).isEqualTo("example.org");
  }

  @Test
  void whatIsNotADomainIsLeftAsItIs() {
    assertThat(Attribution.normalize("bü cher.example")).isEqualTo("bü cher.example");
    assertThat(Attribution.normalize("")).isEmpty();
  }
}
