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

  @Test
  void theJudgeIsCheckedAndWrittenBackComplete() throws Exception {
    SettingsJson.Parsed p = read("{\"injection_judge\":{\"model\":\"openai/gpt-4o-mini\"}}");
    assertThat(p.defaults().guardrails().injectionJudge())
        .isEqualTo(
            new switchboard.guard.InjectionSettings.Judge("openai/gpt-4o-mini", 0.25, null, 2000));
    assertThat(p.json().path("guardrails").path("injection_judge").toString())
        .isEqualTo(
            "{\"model\":\"openai/gpt-4o-mini\",\"low\":0.25,\"high\":null,\"timeout_ms\":2000}");
    assertThat(SettingsJson.read(p.json()).defaults()).isEqualTo(p.defaults());
    assertThat(read("{}").json().path("guardrails").path("injection_judge").isNull()).isTrue();
    assertThat(
            read("{\"injection_judge\":{\"model\":\"a/b\",\"low\":0.1,\"high\":0.9,\"timeout_ms\":500}}")
                .defaults()
                .guardrails()
                .injectionJudge())
        .isEqualTo(new switchboard.guard.InjectionSettings.Judge("a/b", 0.1, 0.9, 500));
  }

  @Test
  void aBadJudgeIsA400NamingTheField() {
    String j = "guardrails.injection_judge";
    refused("{\"injection_judge\":\"openai/x\"}", j, "must be an object");
    refused("{\"injection_judge\":{}}", j + ".model", "provider/model");
    refused("{\"injection_judge\":{\"model\":\"gpt-4o\"}}", j + ".model", "provider/model");
    refused("{\"injection_judge\":{\"model\":\"a/b\",\"temp\":1}}", j + ".temp", "unknown");
    refused("{\"injection_judge\":{\"model\":\"a/b\",\"low\":0}}", j + ".low", "greater than 0");
    refused(
        "{\"injection_judge\":{\"model\":\"a/b\",\"low\":0.3,\"high\":0.3}}",
        j + ".high",
        "above low");
    refused("{\"injection_judge\":{\"model\":\"a/b\",\"high\":1.2}}", j + ".high", "at most 1");
    // high left out is the threshold: low must stay below it
    refused(
        "{\"injection_threshold\":0.2,\"injection_judge\":{\"model\":\"a/b\"}}",
        j + ".low",
        "injection threshold (0.2)");
    refused(
        "{\"injection_judge\":{\"model\":\"a/b\",\"timeout_ms\":0}}",
        j + ".timeout_ms",
        "1 to 60000");
    refused(
        "{\"injection_judge\":{\"model\":\"a/b\",\"timeout_ms\":1.5}}", j + ".timeout_ms", "whole");
  }
}
