package switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSizeTest {

  @Test
  void defaultsWellAboveAThousandStreams() {
    assertThat(UpstreamClient.maxConnections(Map.of())).isEqualTo(8192);
    assertThat(UpstreamClient.maxConnections(Map.of("SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS", " ")))
        .isEqualTo(8192);
  }

  @Test
  void takesTheEnvironmentsValue() {
    assertThat(
            UpstreamClient.maxConnections(Map.of("SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS", "20000")))
        .isEqualTo(20000);
  }

  @Test
  void refusesWhatIsNotAPositiveWholeNumber() {
    for (String bad : new String[] {"0", "-5", "lots", "1.5"}) {
      assertThatThrownBy(
              () ->
                  UpstreamClient.maxConnections(
                      Map.of("SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS", bad)))
          .hasMessage(
              "SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS must be a whole number, at least 1: " + bad);
    }
  }
}
