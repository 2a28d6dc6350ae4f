package switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with OpenAI's BPE encodings (jtokkit): {@code o200k_base} for the GPT-4o, GPT-4.1,
 * GPT-5 and o-series families, {@code cl100k_base} for everything else. Other vendors' tokenizers
 * differ by some percent; the counts serve budget reservations, token rate limits and usage
 * estimates when a provider reported none, never billing against a provider. Thread-safe.
 */
public final class TokenCounter {

  /** Above this many characters a text is estimated (chars / 3, on the high side), not encoded. */
  static final int EXACT_LIMIT = 256 * 1024;

  /** OpenAI's per-message framing: {@code <|start|>role ... <|end|>}, and the reply's priming. */
  private static final int PER_MESSAGE = 3;

  private static final int PRIMING = 3;

  /** A low-detail image; high-detail images cost more, but providers report those. */
  private static final int PER_IMAGE = 85;

  // Loading the two BPE tables takes a few hundred milliseconds: it happens on a background
  // thread so start-up does not wait for it; the first count waits only if it comes very early.
  private final java.util.concurrent.CompletableFuture<Encoding> o200k;
  private final java.util.concurrent.CompletableFuture<Encoding> cl100k;

  public TokenCounter() {
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    java.util.concurrent.Executor loader =
        task -> {
          Thread thread = new Thread(task, "tokenizer-loader");
          thread.setDaemon(true);
          thread.start();
        };
    this.o200k =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> registry.getEncoding(EncodingType.O200K_BASE), loader);
    this.cl100k =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> registry.getEncoding(EncodingType.CL100K_BASE), loader);
  }

  /** Tokens of a plain text for {@code model} (the model part of {@code provider/model}). */
  public int count(String model, String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    if (text.length() > EXACT_LIMIT) {
      return text.length() / 3;
    }
    try {
      return encoding(model).countTokensOrdinary(text);
    } catch (AssertionError e) {
      // jtokkit refuses text with a lone surrogate this way. Request bodies are checked for them
      // when read, but an upstream's answer may hold one: count it as the replacement character.
      return encoding(model).countTokensOrdinary(wellFormed(text));
    }
  }

  /** {@code text} with every lone surrogate replaced by U+FFFD. */
  static String wellFormed(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /**
   * Prompt tokens of an OpenAI chat body ({@code messages}, {@code tools}) or embeddings body
   * ({@code input}), as the provider would count them, approximately.
   */
  public int prompt(String model, JsonNode body) {
    JsonNode input = body.get("input");
    if (input != null && !body.has("messages")) {
      return embeddingsInput(model, input);
    }
    int total = PRIMING;
    for (JsonNode message : body.path("messages")) {
      total += PER_MESSAGE + count(model, message.path("role").asText(""));
      total += content(model, message.get("content"));
      if (message.hasNonNull("name")) {
        total += 1 + count(model, message.get("name").asText());
      }
      if (message.has("tool_calls")) {
        total += count(model, message.get("tool_calls").toString());
      }
    }
    if (body.has("tools")) {
      total += count(model, body.get("tools").toString());
    }
    return total;
  }

  private int content(String model, JsonNode content) {
    if (content == null || content.isNull()) {
      return 0;
    }
    if (content.isTextual()) {
      return count(model, content.asText());
    }
    int total = 0;
    for (JsonNode part : content) {
      if (part.has("text")) {
        total += count(model, part.path("text").asText());
      } else if (part.has("image_url")) {
        total += PER_IMAGE;
      } else {
        total += count(model, part.toString());
      }
    }
    return total;
  }

  private int embeddingsInput(String model, JsonNode input) {
    if (input.isTextual()) {
      return count(model, input.asText());
    }
    int total = 0;
    for (JsonNode item : input) {
      total += item.isTextual() ? count(model, item.asText()) : item.isArray() ? item.size() : 1;
    }
    return total;
  }

  private Encoding encoding(String model) {
    String m = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
    int slash = m.lastIndexOf('/');
    m = slash >= 0 ? m.substring(slash + 1) : m;
    boolean modern =
        m.startsWith("gpt-4o")
            || m.startsWith("gpt-4.1")
            || m.startsWith("gpt-5")
            || m.startsWith("o1")
            || m.startsWith("o3")
            || m.startsWith("o4")
            || m.startsWith("chatgpt-4o");
    return (modern ? o200k : cl100k).join();
  }
}
