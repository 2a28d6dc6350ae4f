package switchboard.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import switchboard.provider.compatible.ErrorBodies.Parsed;

class ErrorBodiesTest {

  private static Parsed parse(String body) {
    return ErrorBodies.parse(Buffer.buffer(body));
  }

  @Test
  void nestedOpenAiError() {
    Parsed p =
        parse(
            """
        {"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}
        """);

    assertThat(p)
        .isEqualTo(
            new Parsed(
                "This model's maximum context length is 128000 tokens. However, your messages resulted in"
                    + " 130000 tokens.",
                "invalid_request_error",
                "context_length_exceeded",
                "messages"));
  }

  @Test
  void flatMistralError() {
    Parsed p =
        parse(
            "{\"object\":\"error\",\"message\":\"Tool call id was call_0fypS1hVX but must be"
                + " a-z, A-Z, 0-9, with a length of 9.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}");

    assertThat(p.message()).startsWith("Tool call id was call_0fypS1hVX");
    assertThat(p.type()).isEqualTo("invalid_request_error");
    assertThat(p.code()).isNull();
    assertThat(p.param()).isNull();
  }

  @Test
  void newerMistralErrorWithStringCode() {
    Parsed p =
        parse(
            "{\"object\":\"error\",\"message\":\"bad call\",\"type\":\"invalid_function_call\","
                + "\"param\":null,\"code\":\"3280\",\"raw_status_code\":400}");

    assertThat(p).isEqualTo(new Parsed("bad call", "invalid_function_call", "3280", null));
  }

  @Test
  void flatVllmErrorWithNumericCode() {
    Parsed p =
        parse(
            "{\"object\":\"error\",\"message\":\"The model `llama` does not exist.\","
                + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");

    assertThat(p)
        .isEqualTo(new Parsed("The model `llama` does not exist.", "NotFoundError", "404", null));
  }

  @Test
  void openRouterNumericCodeWithMetadata() {
    Parsed p =
        parse(
            "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\","
                + "\"metadata\":{\"provider_name\":null}}}");

    assertThat(p).isEqualTo(new Parsed("Insufficient credits", null, "402", null));
  }

  @Test
  void azureContentFilterWithNullType() {
    Parsed p =
        parse(
            """
        {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"medium"}}}}}
        """);

    assertThat(p.type()).isNull();
    assertThat(p.code()).isEqualTo("content_filter");
    assertThat(p.param()).isEqualTo("prompt");
    assertThat(p.message()).startsWith("The response was filtered");
  }

  @Test
  void arrayWrappedGeminiCompatibleError() {
    Parsed p =
        parse(
            "[{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid"
                + " API key.\",\"status\":\"INVALID_ARGUMENT\"}}]");

    assertThat(p)
        .isEqualTo(
            new Parsed("API key not valid. Please pass a valid API key.", null, "400", null));
  }

  @Test
  void errorGivenAsAPlainString() {
    Parsed p = parse("{\"error\":\"model 'llama3' not found, try pulling it first\"}");

    assertThat(p)
        .isEqualTo(new Parsed("model 'llama3' not found, try pulling it first", null, null, null));
  }

  @Test
  void leadingBlankLinesBeforeJsonAreTolerated() {
    Parsed p = parse("\n\n\n{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");

    assertThat(p.message()).isEqualTo("busy");
    assertThat(p.type()).isEqualTo("server_error");
  }

  @Test
  void htmlPageBecomesTheMessage() {
    String html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

    assertThat(parse(html)).isEqualTo(new Parsed(html, null, null, null));
  }

  @Test
  void plainTextBecomesTheTrimmedMessage() {
    assertThat(parse("  upstream connect error or disconnect/reset before headers\n").message())
        .isEqualTo("upstream connect error or disconnect/reset before headers");
    assertThat(parse("502 Bad Gateway").message()).isEqualTo("502 Bad Gateway");
  }

  @Test
  void longTextIsAbbreviated() {
    String page = "<html>" + "x".repeat(1000) + "</html>";

    Parsed p = parse(page);

    assertThat(p.message()).hasSize(301).startsWith("<html>xxx").endsWith("…");
  }

  @Test
  void emptyOrMissingBodyHasNoMessage() {
    assertThat(parse("")).isEqualTo(new Parsed(null, null, null, null));
    assertThat(parse("   ")).isEqualTo(new Parsed(null, null, null, null));
    assertThat(ErrorBodies.parse((Buffer) null)).isEqualTo(new Parsed(null, null, null, null));
  }

  @Test
  void objectValuedFieldsAreKeptAsJsonText() {
    Parsed p = parse("{\"error\":{\"message\":\"m\",\"code\":{\"n\":1}}}");

    assertThat(p.code()).isEqualTo("{\"n\":1}");
  }

  // ---------------------------------------------------------------- redaction

  @Test
  void openAiStyleKeysAreMasked() {
    String message =
        "Incorrect API key provided: sk-proj-abcdEFGH1234****wxyz. You can find your"
            + " API key at https://platform.openai.com/account/api-keys.";

    String redacted = ErrorBodies.redact(message, null);

    assertThat(redacted)
        .doesNotContain("abcdEFGH1234")
        .doesNotContain("wxyz")
        .startsWith("Incorrect API key provided: sk-***")
        .contains("platform.openai.com");
  }

  @Test
  void xaiAndOpenRouterKeysAreMasked() {
    assertThat(ErrorBodies.redact("bad key xai-AbCdEf0123456789 here", null))
        .isEqualTo("bad key xai-*** here");
    assertThat(ErrorBodies.redact("key sk-or-v1-0123456789abcdef rejected", null))
        .isEqualTo("key sk-*** rejected");
  }

  @Test
  void groqKeysWithTheirUnderscoreAreMasked() {
    String redacted = ErrorBodies.redact("Invalid API Key: gsk_8fJ2kLmN0pQrStUvWxYz12345678", null);

    assertThat(redacted).doesNotContain("8fJ2kLmN0pQr").contains("gsk_***");
  }

  @Test
  void ordinaryHyphenatedWordsAreNotMasked() {
    String message = "The risk-assessment and monkey-patching notes for task-specific models";

    assertThat(ErrorBodies.redact(message, null)).isEqualTo(message);
  }

  @Test
  void theProviderKeyIsMaskedWhateverItsShape() {
    String key = "corp.Token/9f8e7d6c5b4a";

    String redacted = ErrorBodies.redact("token " + key + " is not allowed; " + key, key);

    assertThat(redacted).isEqualTo("token *** is not allowed; ***");
  }

  @Test
  void veryShortProviderKeysAreNotUsedForMasking() {
    assertThat(ErrorBodies.redact("abc is here", "abc")).isEqualTo("abc is here");
    assertThat(ErrorBodies.redact(null, "whatever")).isNull();
  }
}
