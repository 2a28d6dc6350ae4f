package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

/** {@code settings.guardrails}: the injection threshold and the judge, checked field by field. */
class GuardrailSettingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static SettingsJson.Parsed read(String guardrails) throws Exception {
    return SettingsJson.read(JSON.readTree("{\"guardrails\":" + guardrails + "}"));
  }

  static void refused(String guardrails, String field, String words) {
    assertThatThrownBy(() -> read(guardrails))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).startsWith(field + ":").contains(words);
            });
  }

  @Test
  void theThresholdIsAboveZeroAndAtMostOne() throws Exception {
    assertThat(read("{\"injection_threshold\":1}").defaults().guardrails().threshold())
        .isEqualTo(1.0);
    assertThat(read("{\"injection_threshold\":0.3}").defaults().guardrails().threshold())
        .isEqualTo(0.3);
    assertThat(read("{}").defaults().guardrails().threshold()).isEqualTo(0.5);
    refused("{\"injection_threshold\":0}", "guardrails.injection_threshold", "greater than 0");
    refused("{\"injection_threshold\":-0.1}", "guardrails.injection_threshold", "at most 1");
    refused("{\"injection_threshold\":1.01}", "guardrails.injection_threshold", "at most 1");
    refused("{\"injection_threshold\":\"0.5\"}", "guardrails.injection_threshold", "a number");
  }
}
