package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode: no provider configured, the built-in simulators serve {@code sim/*}. */
class SimulatorIT {

  @TempDir static Path data;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(data, Map.of());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static ChatCompletionCreateParams.Builder hello(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello simulator");
  }

  @Test
  void startUpSaysDemoMode() {
    assertThat(gw.output())
        .contains("http://127.0.0.1:" + gw.gateway.port() + "/v1")
        .containsIgnoringCase("demo")
        .contains("sim/");
  }

  @Test
  void nonStreaming() {
    ChatCompletion completion =
        gw.sdk.chat().completions().create(hello("sim/gpt-4o-mini").build());
    assertThat(completion.choices().get(0).message().content().orElseThrow())
        .contains("Hello simulator");
    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
  }

  @Test
  void streaming() {
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(hello("sim/gpt-4o-mini").build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
              });
    }
    assertThat(text.toString()).contains("Hello simulator");
    assertThat(chunks)
        .anySatisfy(
            c ->
                assertThat(c.choices())
                    .anySatisfy(choice -> assertThat(choice.finishReason()).isPresent()));
  }

  @Test
  void downFailsOverToEcho() {
    try (HttpResponseFor<ChatCompletion> raw =
        gw.sdk
            .chat()
            .completions()
            .withRawResponse()
            .create(
                hello("sim/down")
                    .putAdditionalBodyProperty("models", JsonValue.from(List.of("sim/echo")))
                    .build())) {
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().values("x-switchboard-attempts")).containsExactly("2");
      assertThat(raw.headers().values("x-switchboard-model")).containsExactly("sim/echo");
      assertThat(raw.parse().choices().get(0).message().content().orElseThrow())
          .contains("Hello simulator");
    }
  }

  @Test
  void modelsListInOpenAiFormat() {
    HttpResponse<String> res = gw.get("/v1/models");
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = GatewayFixture.json(res.body());
    assertThat(body.get("object").asText()).isEqualTo("list");
    List<String> ids = new ArrayList<>();
    for (JsonNode model : body.get("data")) {
      assertThat(model.get("object").asText()).isEqualTo("model");
      assertThat(model.get("owned_by").isTextual()).isTrue();
      assertThat(model.get("created").isIntegralNumber()).isTrue();
      ids.add(model.get("id").asText());
    }
    assertThat(ids)
        .contains(
            "sim/gpt-4o-mini",
            "sim/echo",
            "sim/down",
            "sim-anthropic/echo",
            "sim-google/echo",
            "sim-bedrock/echo")
        .allMatch(id -> id.startsWith("sim"));
    List<String> viaSdk = new ArrayList<>();
    gw.sdk.models().list().autoPager().forEach((Model m) -> viaSdk.add(m.id()));
    assertThat(viaSdk).containsExactlyElementsOf(ids);
  }

  @Test
  void oneModelByIdWithTheSlashRawOrEncoded() {
    // The official SDK percent-encodes the slash of provider/model.
    Model viaSdk = gw.sdk.models().retrieve("sim/gpt-4o-mini");
    assertThat(viaSdk.id()).isEqualTo("sim/gpt-4o-mini");
    assertThat(viaSdk.ownedBy()).isEqualTo("sim");

    for (String path : List.of("/v1/models/sim/gpt-4o-mini", "/v1/models/sim%2Fgpt-4o-mini")) {
      HttpResponse<String> res = gw.get(path);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      JsonNode model = GatewayFixture.json(res.body());
      assertThat(model.get("id").asText()).isEqualTo("sim/gpt-4o-mini");
      assertThat(model.get("object").asText()).isEqualTo("model");
    }

    HttpResponse<String> missing = gw.get("/v1/models/sim%2Fno-such-model");
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode error = GatewayFixture.json(missing.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("model_not_found");
    assertThat(error.get("message").asText()).contains("sim/no-such-model");
  }
}
