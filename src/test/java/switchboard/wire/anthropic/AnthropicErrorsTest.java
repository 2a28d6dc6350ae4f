package switchboard.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/** The /v1/messages error envelope and status → type table (wire-formats §3.7). */
class AnthropicErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "400,invalid_request_error",
    "401,authentication_error",
    "402,billing_error",
    "403,permission_error",
    "404,not_found_error",
    "413,request_too_large",
    "429,rate_limit_error",
    "500,api_error",
    "502,api_error",
    "503,api_error",
    "504,timeout_error",
    "529,overloaded_error",
    "409,invalid_request_error",
    "422,invalid_request_error",
    "499,invalid_request_error",
    "501,api_error"
  })
  void statusMapsToType(int status, String type) {
    assertThat(AnthropicErrors.type(status)).isEqualTo(type);
  }

  @Test
  void envelopeWithAndWithoutRequestId() {
    assertThat(AnthropicErrors.body(429, "Slow down.", "req_1").toString())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down.\"},"
                + "\"request_id\":\"req_1\"}");
    assertThat(AnthropicErrors.body(400, "bad", null).toString())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}");
  }

  @Test
  void gatewayExceptionKeepsItsStatus() {
    var budget = new GatewayException(ErrorKind.BUDGET_EXCEEDED, "Budget spent.");
    assertThat(AnthropicErrors.body(budget, "req_2").toString())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"Budget spent.\"},"
                + "\"request_id\":\"req_2\"}");
    var failed = new GatewayException(ErrorKind.UPSTREAM_FAILED, "All failed.");
    assertThat(
            AnthropicErrors.envelope(failed.status(), failed.getMessage(), null)
                .path("error")
                .path("type")
                .asText())
        .isEqualTo("api_error");
  }

  @Test
  void errorEventIsNamedAfterItsType() {
    assertThat(AnthropicErrors.errorEvent("overloaded_error", "Overloaded").toString())
        .isEqualTo(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n");
  }
}
