package switchboard.wire.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where a GenerateContentRequest is split for an explicit context cache, and when it is not. */
class GeminiCachesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "word ".repeat(2000); // about 2,500 estimated tokens

  private static ObjectNode body(String json) {
    try {
      return (ObjectNode) JSON.readTree(json.replace("LONG", LONG));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void theSystemInstructionToolsAndToolConfigAreThePrefix() {
    ObjectNode request =
        body(
            """
            {"systemInstruction":{"parts":[{"text":"LONG"}]},
             "tools":[{"functionDeclarations":[{"name":"f"}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},
             "contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"}]},
                         {"role":"user","parts":[{"text":"c"}]}],
             "generationConfig":{"temperature":0}}""");
    GeminiCaches.Split split = GeminiCaches.split(request, "gemini-2.5-flash");
    assertThat(split).isNotNull();
    assertThat(split.prefix().fieldNames())
        .toIterable()
        .containsExactly("systemInstruction", "tools", "toolConfig");
    ObjectNode using = GeminiCaches.using(split, "cachedContents/x");
    assertThat(using.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("contents", "generationConfig", "cachedContent");
    assertThat(using.path("contents")).hasSize(3); // the history is left to implicit caching
    ObjectNode create = GeminiCaches.createBody(split, "gemini-2.5-flash", Duration.ofMinutes(5));
    assertThat(create.path("model").asText()).isEqualTo("models/gemini-2.5-flash");
    assertThat(create.path("ttl").asText()).isEqualTo("300s");
    assertThat(create.has("contents")).isFalse();
    assertThat(request.has("systemInstruction")).isTrue(); // the request itself is untouched
  }

  @Test
  void withoutASystemInstructionTheFirstOfSeveralTurnsIsThePrefix() {
    ObjectNode request =
        body(
            """
            {"contents":[{"role":"user","parts":[{"text":"LONG"}]},{"role":"model","parts":[{"text":"b"}]},
                         {"role":"user","parts":[{"text":"c"}]}]}""");
    GeminiCaches.Split split = GeminiCaches.split(request, "gemini-2.5-flash");
    assertThat(split.prefix().path("contents")).hasSize(1);
    assertThat(split.rest().path("contents")).hasSize(2);
    assertThat(split.rest().path("contents").get(0).path("role").asText()).isEqualTo("model");
    // a single turn has nothing left to send: no cache
    assertThat(
            GeminiCaches.split(
                body("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"LONG\"}]}]}"),
                "gemini-2.5-flash"))
        .isNull();
  }

  @Test
  void belowTheModelsMinimumOrNamingACacheAlreadyThereIsNoSplit() {
    String json = "{\"systemInstruction\":{\"parts\":[{\"text\":\"LONG\"}]},\"contents\":[]}";
    assertThat(GeminiCaches.split(body(json), "gemini-2.5-flash")).isNotNull(); // 1,024
    assertThat(GeminiCaches.split(body(json), "gemini-2.5-flash-lite")).isNotNull(); // 2,048
    assertThat(GeminiCaches.split(body(json), "gemini-3-pro-preview")).isNull(); // 4,096
    assertThat(GeminiCaches.split(body(json.replace("LONG", "short")), "gemini-2.5-flash"))
        .isNull();
    ObjectNode own = body(json);
    own.put("cachedContent", "cachedContents/mine");
    assertThat(GeminiCaches.split(own, "gemini-2.5-flash")).isNull();
  }

  @Test
  void theHashFollowsTheModelAndThePrefixOnly() {
    String a =
        "{\"systemInstruction\":{\"parts\":[{\"text\":\"LONG\"}]},"
            + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"one\"}]}]}";
    String b = a.replace("one", "two");
    String h = GeminiCaches.split(body(a), "gemini-2.5-flash").hash();
    assertThat(GeminiCaches.split(body(b), "gemini-2.5-flash").hash()).isEqualTo(h);
    assertThat(GeminiCaches.split(body(a), "gemini-2.5-pro").hash()).isNotEqualTo(h);
    assertThat(GeminiCaches.split(body(a.replace("LONG", "LONG more")), "gemini-2.5-flash").hash())
        .isNotEqualTo(h);
  }

  @Test
  void minimumsByModel() {
    assertThat(GeminiCaches.minimumTokens("gemini-2.5-flash")).isEqualTo(1024);
    assertThat(GeminiCaches.minimumTokens("models/gemini-2.5-flash-lite")).isEqualTo(2048);
    assertThat(GeminiCaches.minimumTokens("gemini-2.5-pro")).isEqualTo(2048);
    assertThat(GeminiCaches.minimumTokens("gemini-1.5-pro-002")).isEqualTo(32_768);
    assertThat(GeminiCaches.minimumTokens("gemini-3-flash")).isEqualTo(4096);
  }
}
