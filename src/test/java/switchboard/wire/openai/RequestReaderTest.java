package switchboard.wire.openai;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

class RequestReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode body(String json) {
    return RequestReader.object(Buffer.buffer(json));
  }

  private static GatewayException invalid(Runnable call) {
    GatewayException e = catchThrowableOfType(GatewayException.class, call::run);
    assertThat(e).as("expected a GatewayException").isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  // ---------------------------------------------------------------- valid bodies

  @Test
  void validChatBodyIsRead() {
    ObjectNode body =
        body(
            """
        {"model":"openai/gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"developer","content":"be brief"},
                     {"role":"user","content":[{"type":"text","text":"hi"}]},
                     {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                        "function":{"name":"f","arguments":"{}"}}]},
                     {"role":"tool","tool_call_id":"call_1","content":"42"}],
         "max_tokens":16,"temperature":0.2,"top_p":1,"n":1,"stop":["\\n"],"tools":[]}
        """);

    InboundRequest request = RequestReader.chat(body);

    assertThat(request.model()).isEqualTo("openai/gpt-4o-mini");
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
    assertThat(request.fallbacks()).isEmpty();
    assertThat(request.options().tags()).isEmpty();
    assertThat(request.options().autoCache()).isNull();
    assertThat(request.body().get("messages")).hasSize(4);
  }

  @Test
  void streamDefaultsToFalseAndUsageToNotAsked() {
    InboundRequest request =
        RequestReader.chat(
            body(
                "{\"model\":\"m/x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"stream\":null,\"stream_options\":{}}"));

    assertThat(request.stream()).isFalse();
    assertThat(request.includeUsage()).isFalse();
  }

  @Test
  void validEmbeddingsBodiesAreRead() {
    for (String input : new String[] {"\"hello\"", "[\"a\",\"b\"]", "[[1,2,3],[4]]", "[1,2,3]"}) {
      InboundRequest request =
          RequestReader.embeddings(
              body(
                  "{\"model\":\"openai/text-embedding-3-small\",\"input\":"
                      + input
                      + ",\"encoding_format\":\"base64\",\"dimensions\":256}"));

      assertThat(request.model()).isEqualTo("openai/text-embedding-3-small");
      assertThat(request.stream()).isFalse();
      assertThat(request.body().get("input")).isEqualTo(readTree(input));
    }
  }

  // ---------------------------------------------------------------- extensions

  @Test
  void extensionsAreRemovedFromTheBodyAndParsed() {
    ObjectNode body =
        body(
            """
        {"model":"openai/gpt-4o","messages":[{"role":"user","content":"hi"}],
         "models":["anthropic/claude-sonnet-4","mistral/mistral-large-latest"],
         "switchboard":{"auto_cache":true,"cache":{"ttl":60},"tags":["a","b"],
                        "user_id":"u-1","trace_id":"t-1","extra":{"k":"v"}}}
        """);

    InboundRequest request = RequestReader.chat(body);

    assertThat(request.body().has("models")).isFalse();
    assertThat(request.body().has("switchboard")).isFalse();
    assertThat(request.body().fieldNames()).toIterable().containsExactly("model", "messages");
    assertThat(request.fallbacks())
        .containsExactly("anthropic/claude-sonnet-4", "mistral/mistral-large-latest");
    assertThat(request.options().autoCache()).isTrue();
    assertThat(request.options().cache()).isEqualTo(readTree("{\"ttl\":60}"));
    assertThat(request.options().tags()).containsExactly("a", "b");
    assertThat(request.options().userId()).isEqualTo("u-1");
    assertThat(request.options().traceId()).isEqualTo("t-1");
    assertThat(request.options().extra()).isEqualTo(readTree("{\"k\":\"v\"}"));
  }

  @Test
  void requestyIsAnAliasOfTheSwitchboardExtension() {
    InboundRequest request =
        RequestReader.chat(
            body(
                "{\"model\":\"m/x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"requesty\":{\"auto_cache\":false,\"tags\":[\"r\"],\"user_id\":\"ru\"}}"));

    assertThat(request.body().has("requesty")).isFalse();
    assertThat(request.options().autoCache()).isFalse();
    assertThat(request.options().tags()).containsExactly("r");
    assertThat(request.options().userId()).isEqualTo("ru");
  }

  @Test
  void switchboardWinsOverRequestyAndBothAreRemoved() {
    InboundRequest request =
        RequestReader.chat(
            body(
                "{\"model\":\"m/x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"switchboard\":{\"tags\":[\"own\"]},\"requesty\":{\"tags\":[\"alias\"]}}"));

    assertThat(request.options().tags()).containsExactly("own");
    assertThat(request.body().has("requesty")).isFalse();
    assertThat(request.body().has("switchboard")).isFalse();
  }

  @Test
  void embeddingsAlsoTakeTheExtensionsOut() {
    InboundRequest request =
        RequestReader.embeddings(
            body(
                "{\"model\":\"m/e\",\"input\":\"x\",\"models\":[\"n/e\"],\"requesty\":{\"trace_id\":\"t\"}}"));

    assertThat(request.fallbacks()).containsExactly("n/e");
    assertThat(request.options().traceId()).isEqualTo("t");
    assertThat(request.body().fieldNames()).toIterable().containsExactly("model", "input");
  }

  // ---------------------------------------------------------------- invalid chat bodies

  private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";

  static Stream<Arguments> invalidChatBodies() {
    return Stream.of(
        Arguments.of("missing model", "{\"messages\":[" + USER + "]}", "model"),
        Arguments.of("null model", "{\"model\":null,\"messages\":[" + USER + "]}", "model"),
        Arguments.of("non-string model", "{\"model\":42,\"messages\":[" + USER + "]}", "model"),
        Arguments.of("blank model", "{\"model\":\" \",\"messages\":[" + USER + "]}", "model"),
        Arguments.of("missing messages", "{\"model\":\"m/x\"}", "messages"),
        Arguments.of("empty messages", "{\"model\":\"m/x\",\"messages\":[]}", "messages"),
        Arguments.of("object messages", "{\"model\":\"m/x\",\"messages\":{}}", "messages"),
        Arguments.of(
            "message not an object",
            "{\"model\":\"m/x\",\"messages\":[" + USER + ",\"hi\"]}",
            "messages[1]"),
        Arguments.of(
            "missing role",
            "{\"model\":\"m/x\",\"messages\":[{\"content\":\"hi\"}]}",
            "messages[0].role"),
        Arguments.of(
            "bad role",
            "{\"model\":\"m/x\",\"messages\":["
                + USER
                + ",{\"role\":\"robot\",\"content\":\"x\"}]}",
            "messages[1].role"),
        Arguments.of(
            "user message without content",
            "{\"model\":\"m/x\",\"messages\":[{\"role\":\"user\"}]}",
            "messages[0].content"),
        Arguments.of(
            "numeric content",
            "{\"model\":\"m/x\",\"messages\":[{\"role\":\"user\",\"content\":1}]}",
            "messages[0].content"),
        Arguments.of(
            "tool message without tool_call_id",
            "{\"model\":\"m/x\",\"messages\":["
                + USER
                + ",{\"role\":\"tool\",\"content\":\"42\"}]}",
            "messages[1].tool_call_id"),
        Arguments.of(
            "non-boolean stream",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"stream\":\"true\"}",
            "stream"),
        Arguments.of(
            "stream_options not an object",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"stream_options\":true}",
            "stream_options"),
        Arguments.of(
            "non-boolean include_usage",
            "{\"model\":\"m/x\",\"messages\":["
                + USER
                + "],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":\"yes\"}}",
            "stream_options.include_usage"),
        Arguments.of(
            "max_tokens 0",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"max_tokens\":0}",
            "max_tokens"),
        Arguments.of(
            "fractional max_tokens",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"max_tokens\":1.5}",
            "max_tokens"),
        Arguments.of(
            "string max_completion_tokens",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"max_completion_tokens\":\"9\"}",
            "max_completion_tokens"),
        Arguments.of("n 0", "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"n\":0}", "n"),
        Arguments.of(
            "non-number temperature",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"temperature\":\"hot\"}",
            "temperature"),
        Arguments.of(
            "non-number top_p",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"top_p\":true}",
            "top_p"),
        Arguments.of(
            "tools not an array",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"tools\":{}}",
            "tools"),
        Arguments.of(
            "numeric stop", "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"stop\":3}", "stop"),
        Arguments.of(
            "models not an array",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"models\":\"a/b\"}",
            "models"),
        Arguments.of(
            "models with a number",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"models\":[\"a/b\",1]}",
            "models"),
        Arguments.of(
            "models with a blank name",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"models\":[\"\"]}",
            "models"),
        Arguments.of(
            "more than ten models",
            "{\"model\":\"m/x\",\"messages\":["
                + USER
                + "],\"models\":"
                + "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}",
            "models"),
        Arguments.of(
            "switchboard not an object",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"switchboard\":[]}",
            "switchboard"),
        Arguments.of(
            "switchboard.tags not an array",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"switchboard\":{\"tags\":\"a\"}}",
            "switchboard.tags"),
        Arguments.of(
            "switchboard.tags with a number",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"switchboard\":{\"tags\":[\"a\",1]}}",
            "switchboard.tags"),
        Arguments.of(
            "requesty.tags names the alias",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"requesty\":{\"tags\":{}}}",
            "requesty.tags"),
        Arguments.of(
            "non-boolean auto_cache",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"switchboard\":{\"auto_cache\":1}}",
            "switchboard.auto_cache"),
        Arguments.of(
            "non-string user_id",
            "{\"model\":\"m/x\",\"messages\":[" + USER + "],\"switchboard\":{\"user_id\":7}}",
            "switchboard.user_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidChatBodies")
  void invalidChatBodyNamesTheParameter(String name, String json, String param) {
    ObjectNode body = body(json);

    GatewayException e = invalid(() -> RequestReader.chat(body));

    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).contains(param.replaceAll("\\[.*", ""));
  }

  @Test
  void badRoleMessageListsTheSupportedRoles() {
    ObjectNode body =
        body("{\"model\":\"m/x\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}");

    GatewayException e = invalid(() -> RequestReader.chat(body));

    assertThat(e.getMessage()).contains("'robot'").contains("assistant, developer, function");
  }

  @Test
  void assistantMessageMayOmitContent() {
    InboundRequest request =
        RequestReader.chat(
            body("{\"model\":\"m/x\",\"messages\":[" + USER + ",{\"role\":\"assistant\"}]}"));

    assertThat(request.body().get("messages")).hasSize(2);
  }

  // ---------------------------------------------------------------- invalid embeddings bodies

  static Stream<Arguments> invalidEmbeddingsBodies() {
    return Stream.of(
        Arguments.of("missing model", "{\"input\":\"x\"}", "model"),
        Arguments.of("missing input", "{\"model\":\"m/e\"}", "input"),
        Arguments.of("empty string input", "{\"model\":\"m/e\",\"input\":\"\"}", "input"),
        Arguments.of("empty array input", "{\"model\":\"m/e\",\"input\":[]}", "input"),
        Arguments.of(
            "array with an empty string", "{\"model\":\"m/e\",\"input\":[\"a\",\"\"]}", "input"),
        Arguments.of("array with an object", "{\"model\":\"m/e\",\"input\":[{}]}", "input"),
        Arguments.of("numeric input", "{\"model\":\"m/e\",\"input\":5}", "input"),
        Arguments.of(
            "unknown encoding_format",
            "{\"model\":\"m/e\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
            "encoding_format"),
        Arguments.of(
            "numeric encoding_format",
            "{\"model\":\"m/e\",\"input\":\"x\",\"encoding_format\":1}",
            "encoding_format"),
        Arguments.of(
            "dimensions 0", "{\"model\":\"m/e\",\"input\":\"x\",\"dimensions\":0}", "dimensions"),
        Arguments.of(
            "bad models extension", "{\"model\":\"m/e\",\"input\":\"x\",\"models\":{}}", "models"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEmbeddingsBodies")
  void invalidEmbeddingsBodyNamesTheParameter(String name, String json, String param) {
    ObjectNode body = body(json);

    GatewayException e = invalid(() -> RequestReader.embeddings(body));

    assertThat(e.param()).isEqualTo(param);
  }

  // ---------------------------------------------------------------- the JSON itself

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of(
            "{\"model\":",
            "The request body is not valid JSON: it ends before the value is complete (line 1,"
                + " column 10)."),
        Arguments.of("{model: \"x\"}", "The request body is not valid JSON: unexpected content at"),
        Arguments.of(
            "{\"model\":\"a\"} {\"model\":\"b\"}",
            "The request body must be one JSON object; found more after it at line 1, column 15."),
        Arguments.of(
            "{\"model\":\"a\"}\n  x",
            "The request body must be one JSON object; found more after it at line 2, column"),
        Arguments.of("[".repeat(5000), "nests arrays and objects deeper than 1000 levels."),
        Arguments.of("{\"n\":1" + "0".repeat(1200) + "}", "a number longer than 1000 characters."),
        Arguments.of("{\"a\":\"b\u0000\"}", "not valid JSON: unexpected content at line 1"));
  }

  /** Our own words, with the place; never Jackson's (its class, feature and constraint names). */
  @ParameterizedTest
  @MethodSource("malformedBodies")
  void malformedJsonIsExplainedInTheGatewaysOwnWords(String json, String message) {
    GatewayException e = invalid(() -> RequestReader.object(Buffer.buffer(json)));

    assertThat(e.param()).isNull();
    assertThat(e.getMessage()).contains(message).doesNotContain("\n");
    assertThat(e.getMessage().toLowerCase())
        .doesNotContain("jackson", "fail_on", "streamreadconstraints", "source:", "(code ");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWithTheirOffset() {
    byte[] head = "{\"model\":\"x\",\"tools\":[{\"name\":\"get".getBytes(UTF_8);
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate, as CESU-8
          {(byte) 0xC0, (byte) 0x80}, // overlong
          {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
          {(byte) 0xFF},
          {(byte) 0xE2, (byte) 0x82} // cut short
        }) {
      Buffer body = Buffer.buffer(head).appendBytes(bad).appendString("\"}]}");

      GatewayException e = invalid(() -> RequestReader.object(body));

      assertThat(e.getMessage())
          .startsWith("The request body is not valid UTF-8: byte " + head.length + " (0x");
    }
    String valid = "{\"t\":\"h\u00e9 \u20ac \ud83d\ude00\"}"; // 2, 3 and 4-byte characters
    assertThat(RequestReader.object(Buffer.buffer(valid)).get("t").asText())
        .endsWith("\ud83d\ude00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\ud800", "\\udc00", "a\\ud83d", "\\ude00\\ud83d"})
  void loneSurrogateEscapesAreRefusedNamingTheField(String escape) {
    String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"x" + escape + "\"}]}";

    GatewayException e = invalid(() -> RequestReader.object(Buffer.buffer(json)));

    assertThat(e.param()).isEqualTo("messages[0].content");
    assertThat(e.getMessage()).contains("lone surrogate");
  }

  @Test
  void duplicateKeysKeepTheLastValueLikeTheProvidersParsersDo() {
    // The gateway re-serialises the body it parsed, so the provider sees exactly one value:
    // there is no parser differential to exploit.
    ObjectNode body = RequestReader.object(Buffer.buffer("{\"model\":\"a\",\"model\":\"b\"}"));

    assertThat(body.get("model").asText()).isEqualTo("b");
    assertThat(body.size()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"model\":\"a\"}]", "\"text\"", "42", "null", "true", "   "})
  void nonObjectBodyIsRefused(String json) {
    GatewayException e = invalid(() -> RequestReader.object(Buffer.buffer(json)));

    assertThat(e.param()).isNull();
  }

  @Test
  void emptyBodyIsRefused() {
    assertThat(invalid(() -> RequestReader.object(Buffer.buffer())).getMessage()).contains("empty");
    assertThat(invalid(() -> RequestReader.object(null)).getMessage()).contains("empty");
  }

  @Test
  void leadingWhitespaceIsAccepted() {
    ObjectNode body = RequestReader.object(Buffer.buffer("\n\n  {\"model\":\"m/x\"}\n"));

    assertThat(body.get("model").asText()).isEqualTo("m/x");
  }

  @Test
  void validationHappensBeforeAnythingElseIsReturned() {
    assertThatThrownBy(() -> RequestReader.chat(body("{\"model\":\"m/x\",\"messages\":null}")))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining("'messages'");
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
