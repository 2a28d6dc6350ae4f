package switchboard.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void secondsWholeAndFractional() {
    assertThat(RetryAfter.parse(headers("Retry-After", "7"))).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(headers("retry-after", " 1.5 ")))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.parse(headers("retry-after", "0"))).isEqualTo(Duration.ZERO);
  }

  @Test
  void millisecondsHeaderWinsOverSeconds() {
    assertThat(RetryAfter.parse(headers("retry-after-ms", "644", "retry-after", "1")))
        .isEqualTo(Duration.ofMillis(644));
    assertThat(RetryAfter.parse(headers("retry-after-ms", "12.9")))
        .isEqualTo(Duration.ofMillis(12));
  }

  @Test
  void unreadableMillisecondsFallBackToSeconds() {
    assertThat(RetryAfter.parse(headers("retry-after-ms", "soon", "retry-after", "3")))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void httpDateInThePastMeansNow() {
    assertThat(RetryAfter.parse(headers("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void httpDateInTheFutureIsTheTimeLeft() {
    Instant target = Instant.parse("2099-01-01T00:00:00Z");
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(target.atZone(ZoneOffset.UTC));
    assertThat(date).isEqualTo("Thu, 1 Jan 2099 00:00:00 GMT");

    Instant before = Instant.now();
    Duration left = RetryAfter.parse(headers("retry-after", date));
    Instant after = Instant.now();

    assertThat(left)
        .isBetween(
            Duration.between(after, target).minusSeconds(1), Duration.between(before, target));
    assertThat(ZonedDateTime.now(ZoneOffset.UTC).plus(left).getYear()).isIn(2098, 2099);
  }

  @Test
  void absentOrUnreadableMeansNone() {
    assertThat(RetryAfter.parse(null)).isNull();
    assertThat(RetryAfter.parse(headers())).isNull();
    assertThat(RetryAfter.parse(headers("retry-after", ""))).isNull();
    assertThat(RetryAfter.parse(headers("retry-after", "tomorrow-ish"))).isNull();
  }
}
