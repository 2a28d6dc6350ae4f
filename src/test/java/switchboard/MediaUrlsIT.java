package switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeNative;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.ImageServer;

/**
 * Image URLs end to end (issue 17, bug 5): the official OpenAI SDK sends {@code image_url} parts;
 * Gemini's fake receives {@code inlineData} and Bedrock's an image bytes block, fetched by the
 * gateway from a loopback image server (private fetches allowed for this test through {@code
 * SWITCHBOARD_MEDIA_ALLOW_PRIVATE}); OpenAI receives the URL untouched; a failed fetch is a 400 in
 * the inbound API's envelope naming the part.
 */
class MediaUrlsIT {

  @TempDir static Path data;
  static ImageServer images;
  static FakeNative upstream;
  static FakeOpenAi openai;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    images = ImageServer.start();
    upstream = FakeNative.start();
    openai = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.ofEntries(
                Map.entry("GEMINI_API_KEY", "g-key"),
                Map.entry("GEMINI_BASE_URL", upstream.baseUrl()),
                Map.entry("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "secret"),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("BEDROCK_BASE_URL", upstream.baseUrl()),
                Map.entry("OPENAI_API_KEY", "sk-openai"),
                Map.entry("OPENAI_BASE_URL", openai.baseUrl()),
                Map.entry("SWITCHBOARD_MEDIA_ALLOW_PRIVATE", "true"),
                Map.entry("SWITCHBOARD_MEDIA_MAX_BYTES", "4096"),
                Map.entry("SWITCHBOARD_MEDIA_TIMEOUT_MS", "2000")));
  }

  @AfterAll
  static void stop() {
    gw.close();
    upstream.close();
    openai.close();
    images.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
    openai.reset();
  }

  private static ChatCompletionContentPart image(String url) {
    return ChatCompletionContentPart.ofImageUrl(
        ChatCompletionContentPartImage.builder()
            .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(url).build())
            .build());
  }

  private static ChatCompletionCreateParams ask(String model, String... urls) {
    List<ChatCompletionContentPart> parts = new ArrayList<>();
    parts.add(
        ChatCompletionContentPart.ofText(
            ChatCompletionContentPartText.builder().text("What is in these images?").build()));
    for (String url : urls) {
      parts.add(image(url));
    }
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("Be brief.")
        .addUserMessageOfArrayOfContentParts(parts)
        .build();
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void geminiReceivesTheImagesInline() {
    ChatCompletion answer =
        gw.sdk
            .chat()
            .completions()
            .create(
                ask(
                    "google/gemini-2.0-flash",
                    images.url("/cat.png"),
                    images.url("/photo.jpg"),
                    images.url("/untyped.png")));
    assertThat(answer.choices().get(0).message().content()).hasValue("ok");
    JsonNode parts = upstream.last().json().path("contents").get(0).path("parts");
    assertThat(parts.get(0).path("text").asText()).isEqualTo("What is in these images?");
    assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
    assertThat(parts.get(1).path("inlineData").path("data").asText())
        .isEqualTo(b64(ImageServer.PNG));
    assertThat(parts.get(2).path("inlineData").path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(parts.get(2).path("inlineData").path("data").asText())
        .isEqualTo(b64(ImageServer.JPEG));
    assertThat(parts.get(3).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
    assertThat(upstream.last().body()).doesNotContain("127.0.0.1");
  }

  @Test
  void bedrockReceivesTheImageBytes() {
    gw.sdk
        .chat()
        .completions()
        .create(ask("bedrock/anthropic.claude-3-haiku-20240307-v1:0", images.url("/cat.png")));
    FakeOpenAi.Received sent = upstream.last();
    assertThat(sent.path()).endsWith("/converse");
    JsonNode content = sent.json().path("messages").get(0).path("content");
    JsonNode image = content.get(1).path("image");
    assertThat(image.path("format").asText()).isEqualTo("png");
    assertThat(image.path("source").path("bytes").asText()).isEqualTo(b64(ImageServer.PNG));
  }

  @Test
  void openAiReceivesTheUrlUnchanged() {
    int asked = images.asked().size();
    String url = images.url("/cat.png");
    gw.sdk.chat().completions().create(ask("openai/gpt-4o", url));
    JsonNode part = openai.single().json().path("messages").get(1).path("content").get(1);
    assertThat(part.path("image_url").path("url").asText()).isEqualTo(url);
    assertThat(images.asked()).hasSize(asked); // the gateway fetched nothing
  }

  @Test
  void aFailedFetchIsA400NamingThePart() {
    assertThatThrownBy(
            () ->
                gw.sdk
                    .chat()
                    .completions()
                    .create(ask("google/gemini-2.0-flash", images.url("/missing"))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("messages[1].content[1].image_url")
        .hasMessageContaining("HTTP 404");
    HttpResponse<String> raw =
        gw.post(
            "/v1/chat/completions",
            """
            {"model":"bedrock/anthropic.claude-3-haiku-20240307-v1:0",
             "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"%s"}}]}]}
            """
                .formatted(images.url("/page.html")));
    assertThat(raw.statusCode()).isEqualTo(400);
    JsonNode error = GatewayFixture.json(raw.body()).path("error");
    assertThat(error.path("param").asText()).isEqualTo("messages[0].content[0].image_url");
    assertThat(error.path("message").asText()).contains("text/html");
    HttpResponse<String> big =
        gw.post(
            "/v1/chat/completions",
            """
            {"model":"google/gemini-2.0-flash",
             "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"%s"}}]}]}
            """
                .formatted(images.url("/big?bytes=5000")));
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.body()).contains("larger than the limit of 4096 bytes");
    assertThat(upstream.requests()).isEmpty(); // no provider was called
  }

  @Test
  void anthropicMessagesWithAUrlSourceReachGeminiInlineAndFailInTheirOwnEnvelope() {
    String body =
        """
        {"model":"google/gemini-2.0-flash","max_tokens":64,
         "messages":[{"role":"user","content":[{"type":"text","text":"see"},
           {"type":"image","source":{"type":"url","url":"%s"}}]}]}
        """;
    HttpResponse<String> ok = gw.post("/v1/messages", body.formatted(images.url("/cat.png")));
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode parts = upstream.last().json().path("contents").get(0).path("parts");
    assertThat(parts.get(1).path("inlineData").path("data").asText())
        .isEqualTo(b64(ImageServer.PNG));
    HttpResponse<String> bad = gw.post("/v1/messages", body.formatted(images.url("/missing")));
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode error = GatewayFixture.json(bad.body());
    assertThat(error.path("type").asText()).isEqualTo("error");
    assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("error").path("message").asText())
        .contains("messages[0].content[1].source");
  }

  @Test
  void responsesInputImagesReachBedrockAsBytes() {
    HttpResponse<String> raw =
        gw.post(
            "/v1/responses",
            """
            {"model":"bedrock/anthropic.claude-3-haiku-20240307-v1:0","store":false,
             "input":[{"role":"user","content":[{"type":"input_text","text":"see"},
               {"type":"input_image","image_url":"%s"}]}]}
            """
                .formatted(images.url("/cat.png")));
    assertThat(raw.statusCode()).isEqualTo(200);
    JsonNode image = upstream.last().json().path("messages").get(0).path("content").get(1);
    assertThat(image.path("image").path("source").path("bytes").asText())
        .isEqualTo(b64(ImageServer.PNG));
  }

  @Test
  void aStreamedRequestGetsTheImageInlineToo() {
    try (var stream =
        gw.sdk
            .chat()
            .completions()
            .createStreaming(ask("google/gemini-2.0-flash", images.url("/cat.png")))) {
      assertThat(stream.stream().count()).isPositive();
    }
    assertThat(upstream.last().path()).contains(":streamGenerateContent");
  }

  @Test
  void withoutAllowPrivateALoopbackImageIsRefused(@TempDir Path other) {
    try (GatewayFixture strict =
        GatewayFixture.start(
            other, Map.of("GEMINI_API_KEY", "g-key", "GEMINI_BASE_URL", upstream.baseUrl()))) {
      int asked = images.asked().size();
      HttpResponse<String> raw =
          strict.post(
              "/v1/chat/completions",
              """
              {"model":"google/gemini-2.0-flash",
               "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"%s"}}]}]}
              """
                  .formatted(images.url("/cat.png")));
      assertThat(raw.statusCode()).isEqualTo(400);
      JsonNode error = GatewayFixture.json(raw.body()).path("error");
      assertThat(error.path("param").asText()).isEqualTo("messages[0].content[0].image_url");
      assertThat(error.path("message").asText()).contains("loopback");
      assertThat(images.asked()).hasSize(asked);
      assertThat(upstream.requests()).isEmpty();
    }
  }
}
