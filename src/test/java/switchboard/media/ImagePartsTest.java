package switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding image URLs, naming them in the client's own body, and inlining them per provider. */
class ImagePartsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  @Test
  void remoteUrlsOfTheCanonicalBodyButNotDataUrls() throws Exception {
    ObjectNode chat =
        json(
            """
            {"messages":[{"role":"system","content":"hi"},
             {"role":"user","content":[{"type":"text","text":"a"},
               {"type":"image_url","image_url":{"url":"https://x.example/a.png"}},
               {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
               {"type":"image_url","image_url":{"url":"HTTP://x.example/b.png"}}]}]}
            """);
    assertThat(ImageParts.remote(chat))
        .containsExactly(
            Map.entry("https://x.example/a.png", "messages[1].content[1].image_url"),
            Map.entry("HTTP://x.example/b.png", "messages[1].content[3].image_url"));
  }

  @Test
  void namesFollowTheClientsDialect() throws Exception {
    ObjectNode messages =
        json(
            """
            {"system":"s","messages":[{"role":"user","content":[
               {"type":"tool_result","tool_use_id":"t","content":[
                 {"type":"image","source":{"type":"url","url":"https://x.example/t.png"}}]},
               {"type":"image","source":{"type":"url","url":"https://x.example/a.png"}}]}]}
            """);
    assertThat(ImageParts.names(messages))
        .containsEntry("https://x.example/t.png", "messages[0].content[0].content[0].source")
        .containsEntry("https://x.example/a.png", "messages[0].content[1].source");
    ObjectNode responses =
        json(
            """
            {"input":[{"role":"user","content":[{"type":"input_text","text":"a"},
               {"type":"input_image","image_url":"https://x.example/r.png"}]}]}
            """);
    assertThat(ImageParts.names(responses))
        .containsExactly(Map.entry("https://x.example/r.png", "input[0].content[1].image_url"));
  }

  @Test
  void onlyUrlsTheProviderDoesNotFetchAreInlined() throws Exception {
    ObjectNode body =
        json(
            """
            {"messages":[{"role":"user","content":[
               {"type":"image_url","image_url":{"url":"https://x.example/a.png","detail":"low"}},
               {"type":"image_url","image_url":{"url":"https://own.example/b.png"}}]}]}
            """);
    ImageParts.inline(
        body,
        Map.of(
            "https://x.example/a.png", "data:image/png;base64,AAAA",
            "https://own.example/b.png", "data:image/png;base64,BBBB"),
        url -> url.contains("own.example"));
    assertThat(body.at("/messages/0/content/0/image_url/url").asText())
        .isEqualTo("data:image/png;base64,AAAA");
    assertThat(body.at("/messages/0/content/0/image_url/detail").asText()).isEqualTo("low");
    assertThat(body.at("/messages/0/content/1/image_url/url").asText())
        .isEqualTo("https://own.example/b.png");
  }
}
