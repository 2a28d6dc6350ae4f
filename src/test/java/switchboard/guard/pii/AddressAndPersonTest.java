package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressAndPersonTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Ship it to 221B Baker Street, London.|221B Baker Street",
        "We live at 1600 Pennsylvania Avenue now|1600 Pennsylvania Avenue",
        "Meine Adresse: Hauptstraße 5, 10115 Berlin|Hauptstraße 5",
        "Wir wohnen in der Berliner Straße 12a.|Berliner Straße 12a",
        "Envoyez-le au 12 rue de la Paix, Paris|12 rue de la Paix",
        "Vivo en Calle de Alcalá 45, Madrid|Calle de Alcalá 45"
      })
  void findsStreetAddresses(String text, String address) {
    assertThat(Found.in(text)).containsExactly("STREET_ADDRESS=" + address);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Please ask Dr. Smith about it|Smith",
        "Sehr geehrte Frau Müller, danke|Müller",
        "Bonjour Mme Dupont-Martin !|Dupont-Martin",
        "I met Sarah Connor yesterday|Sarah Connor",
        "Notes from Klaus Weber and others|Klaus Weber",
        "Estimado Sr. García López:|García López"
      })
  void findsPeople(String text, String name) {
    assertThat(Found.in(text)).containsExactly("PERSON=" + name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Read chapter 5 of Street Fighter lore",
        "Top 10 Ways to Save Money",
        "He came in Platz 3 at the race",
        "The meeting with Anna is on Monday",
        "Martin Luther King Day is on January 20", // a holiday: still a name, see below
        "Use Docker Compose and Kubernetes Engine",
        "Version 2 Drive mapping for Windows"
      })
  void ignoresCommonLookAlikes(String text) {
    assertThat(Found.in(text))
        .noneMatch(f -> f.startsWith("STREET_ADDRESS"))
        .allMatch(f -> f.equals("PERSON=Martin Luther"));
  }
}
