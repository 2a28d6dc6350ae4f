package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/** Malformed Anthropic bodies fail with a 400 naming the exact field path. */
class MessagesReaderValidationTest {

  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  private static final String BASE = "\"model\":\"m/x\",\"max_tokens\":16,";

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("{\"max_tokens\":16," + USER + "}", "model", "Missing required parameter"),
        Arguments.of(
            "{\"model\":\" \",\"max_tokens\":16," + USER + "}", "model", "non-empty string"),
        Arguments.of("{\"model\":3,\"max_tokens\":16," + USER + "}", "model", "string"),
        Arguments.of(
            "{\"model\":\"m/x\"," + USER + "}", "max_tokens", "Missing required parameter"),
        Arguments.of(
            "{\"model\":\"m/x\",\"max_tokens\":0," + USER + "}", "max_tokens", "positive integer"),
        Arguments.of(
            "{\"model\":\"m/x\",\"max_tokens\":1.5," + USER + "}",
            "max_tokens",
            "positive integer"),
        Arguments.of(
            "{\"model\":\"m/x\",\"max_tokens\":\"16\"," + USER + "}",
            "max_tokens",
            "positive integer"),
        Arguments.of("{" + BASE + "\"messages\":[]}", "messages", "non-empty array"),
        Arguments.of("{" + BASE + "\"messages\":{}}", "messages", "non-empty array"),
        Arguments.of(
            "{\"model\":\"m/x\",\"max_tokens\":16}", "messages", "Missing required parameter"),
        Arguments.of("{" + BASE + "\"messages\":[\"hi\"]}", "messages[0]", "an object"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
            "messages[0].role",
            "Supported values are: assistant, user"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"content\":\"x\"}]}", "messages[0].role", "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"user\"}]}",
            "messages[1].content",
            "Missing"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"user\",\"content\":5}]}",
            "messages[0].content",
            "string or an array"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}",
            "messages[0].content[0].type",
            "Invalid value"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}",
            "messages[0].content[0].type",
            "Missing"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
            "messages[0].content[0].text",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\","
                + "\"content\":\"b\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"c\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/tiff\",\"data\":\"AA\"}}]}]}",
            "messages[2].content[1].source.media_type",
            "image/jpeg"),
        Arguments.of(
            "{" + BASE + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}",
            "messages[0].content[0].source",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\"}}]}]}",
            "messages[0].content[0].source.data",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                + "\"source\":{\"type\":\"ftp\"}}]}]}",
            "messages[0].content[0].source.type",
            "Invalid value"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"text/html\",\"data\":\"AA\"}}]}]}",
            "messages[0].content[0].source.media_type",
            "application/pdf"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"t\",\"name\":\"f\",\"input\":{}}]}]}",
            "messages[0].content[0].type",
            "not allowed in user"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t\"}]}]}",
            "messages[0].content[0].type",
            "not allowed in assistant"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"t\",\"name\":\"f\",\"input\":\"{}\"}]}]}",
            "messages[0].content[0].input",
            "an object"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"name\":\"f\",\"input\":{}}]}]}",
            "messages[0].content[0].id",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\"}]}]}",
            "messages[0].content[0].tool_use_id",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t\",\"is_error\":\"yes\"}]}]}",
            "messages[0].content[0].is_error",
            "boolean"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t\",\"content\":[{\"type\":\"audio\"}]}]}]}",
            "messages[0].content[0].content[0].type",
            "Invalid value"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
                + "\"cache_control\":{\"type\":\"persistent\"}}]}]}",
            "messages[0].content[0].cache_control.type",
            "ephemeral"),
        Arguments.of(
            "{"
                + BASE
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"2h\"}}]}]}",
            "messages[0].content[0].cache_control.ttl",
            "1h, 5m"),
        Arguments.of("{" + BASE + USER + ",\"system\":5}", "system", "string or an array"),
        Arguments.of(
            "{" + BASE + USER + ",\"system\":[{\"type\":\"image\"}]}",
            "system[0].type",
            "Invalid value"),
        Arguments.of(
            "{" + BASE + USER + ",\"system\":[{\"type\":\"text\"}]}", "system[0].text", "Missing"),
        Arguments.of("{" + BASE + USER + ",\"temperature\":\"hot\"}", "temperature", "a number"),
        Arguments.of("{" + BASE + USER + ",\"top_p\":[1]}", "top_p", "a number"),
        Arguments.of("{" + BASE + USER + ",\"top_k\":0.5}", "top_k", "positive integer"),
        Arguments.of("{" + BASE + USER + ",\"stream\":\"yes\"}", "stream", "boolean"),
        Arguments.of(
            "{" + BASE + USER + ",\"stop_sequences\":\"END\"}",
            "stop_sequences",
            "array of strings"),
        Arguments.of(
            "{" + BASE + USER + ",\"stop_sequences\":[\"a\",1]}", "stop_sequences[1]", "a string"),
        Arguments.of("{" + BASE + USER + ",\"metadata\":\"u\"}", "metadata", "an object"),
        Arguments.of(
            "{" + BASE + USER + ",\"metadata\":{\"user_id\":7}}", "metadata.user_id", "a string"),
        Arguments.of("{" + BASE + USER + ",\"tools\":{}}", "tools", "an array"),
        Arguments.of(
            "{" + BASE + USER + ",\"tools\":[{\"input_schema\":{\"type\":\"object\"}}]}",
            "tools[0].name",
            "Missing"),
        Arguments.of(
            "{" + BASE + USER + ",\"tools\":[{\"name\":\"f\"}]}",
            "tools[0].input_schema",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + USER
                + ",\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"array\"}}]}",
            "tools[0].input_schema.type",
            "'object'"),
        Arguments.of("{" + BASE + USER + ",\"tool_choice\":\"auto\"}", "tool_choice", "an object"),
        Arguments.of(
            "{" + BASE + USER + ",\"tool_choice\":{\"type\":\"required\"}}",
            "tool_choice.type",
            "Invalid value"),
        Arguments.of(
            "{" + BASE + USER + ",\"tool_choice\":{\"type\":\"tool\"}}",
            "tool_choice.name",
            "Missing"),
        Arguments.of(
            "{"
                + BASE
                + USER
                + ",\"tool_choice\":{\"type\":\"any\",\"disable_parallel_tool_use\":1}}",
            "tool_choice.disable_parallel_tool_use",
            "boolean"),
        Arguments.of("{" + BASE + USER + ",\"thinking\":true}", "thinking", "an object"),
        Arguments.of(
            "{" + BASE + USER + ",\"thinking\":{\"type\":\"on\"}}",
            "thinking.type",
            "Invalid value"),
        Arguments.of(
            "{" + BASE + USER + ",\"thinking\":{\"type\":\"enabled\"}}",
            "thinking.budget_tokens",
            "Missing"),
        Arguments.of(
            "{" + BASE + USER + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":-5}}",
            "thinking.budget_tokens",
            "positive integer"),
        Arguments.of("{" + BASE + USER + ",\"models\":\"openai/gpt-4o\"}", "models", "array"),
        Arguments.of(
            "{" + BASE + USER + ",\"switchboard\":{\"tags\":\"a\"}}",
            "switchboard.tags",
            "array of strings"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void badBodyIsA400NamingTheField(String json, String param, String fragment) {
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> MessagesReader.read(MessagesReaderTest.body(json)));

    assertThat(e).as("expected a GatewayException for %s", json).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).contains(fragment);
  }
}
