package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

  private final TokenCounter tokens = new TokenCounter();

  @Test
  void countsWithTheModelsEncoding() {
    assertThat(tokens.count("gpt-4o-mini", "hello world")).isEqualTo(2);
    assertThat(tokens.count("gpt-3.5-turbo", "hello world")).isEqualTo(2);
    // o200k (GPT-4o) encodes Hindi far more tightly than cl100k: the encoding follows the model.
    String text = "नमस्ते दुनिया, आप कैसे हैं?";
    assertThat(tokens.count("openai/gpt-4o", text)).isEqualTo(10);
    assertThat(tokens.count("mistral-large", text)).isEqualTo(27);
    assertThat(tokens.count("x", "")).isZero();
    assertThat(tokens.count("x", "a".repeat(TokenCounter.EXACT_LIMIT + 3)))
        .isEqualTo((TokenCounter.EXACT_LIMIT + 3) / 3);
  }

  @Test
  void promptCountsMessagesLikeOpenAi() throws Exception {
    ObjectMapper json = new ObjectMapper();
    // OpenAI's cookbook: 3 per message + role + content, 3 to prime the reply.
    int hello = tokens.count("gpt-4o", "hello world");
    int user = tokens.count("gpt-4o", "user");
    assertThat(
            tokens.prompt(
                "gpt-4o",
                json.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}")))
        .isEqualTo(3 + 3 + user + hello);
    assertThat(
            tokens.prompt(
                "gpt-4o",
                json.readTree(
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}")))
        .isEqualTo(3 + 3 + user + hello + 85);
    assertThat(
            tokens.prompt(
                "text-embedding-3-small",
                json.readTree("{\"input\":[\"hello world\",\"hello world\"]}")))
        .isEqualTo(4);
  }

  /** jtokkit throws an AssertionError on a lone surrogate; an upstream's text may hold one. */
  @Test
  void aLoneSurrogateIsCountedAsTheReplacementCharacter() {
    String lone = "caf\u00e9 \ud800 ok";
    assertThat(tokens.count("claude-3-5-haiku-latest", lone))
        .isEqualTo(tokens.count("claude-3-5-haiku-latest", "caf\u00e9 \ufffd ok"));
    assertThat(TokenCounter.wellFormed("a\ud83d\ude00b\udc00")).isEqualTo("a\ud83d\ude00b\ufffd");
  }
}
