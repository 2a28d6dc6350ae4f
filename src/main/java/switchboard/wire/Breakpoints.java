package switchboard.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code auto_cache} puts prompt-cache breakpoints in a Claude prompt (Anthropic's {@code
 * cache_control}, Bedrock's {@code cachePoint}), whatever the dialect. Pure.
 *
 * <p>Design note. A prompt is cached up to a breakpoint, in the order tools → system → messages,
 * and later requests read whatever prefix they share with it. The gateway therefore marks, in this
 * order of value, while breakpoints remain: the end of the latest turn (the whole prompt: the next
 * turn of the conversation reads it), the end of the system prompt (read by every conversation that
 * shares it), the end of the previous user turn (still read when the conversation has grown past
 * the provider's look-back window since), and the end of the tools. A spot is marked only when the
 * prefix through it reaches the model's minimum cacheable length: below it the provider caches
 * nothing and the breakpoint would be a wasted one of the four. Breakpoints the client set itself
 * count against the four and are never moved, so the "maximum of 4 blocks" 400 cannot be ours.
 */
public final class Breakpoints {

  /** The most breakpoints a request may carry (Anthropic and Bedrock alike). */
  public static final int MAX = 4;

  /** The estimate's ratio; English prose runs about 3.5-4 characters per Claude token. */
  static final int CHARS_PER_TOKEN = 4;

  /** Which part of the prompt a spot ends. */
  public enum Segment {
    TOOLS,
    SYSTEM,
    TURN
  }

  /**
   * A block after which a breakpoint may go.
   *
   * @param turn the message's index for {@link Segment#TURN}, else -1
   * @param user whether the message is the user's
   * @param tokensThrough the estimated prompt length up to and including this block
   * @param marked whether the client already put a breakpoint here
   * @param mark puts the breakpoint here
   */
  public record Spot(
      Segment segment, int turn, boolean user, long tokensThrough, boolean marked, Runnable mark) {}

  private Breakpoints() {}

  /**
   * Marks the best spots, at most {@code MAX - existing}.
   *
   * @param spots at most one per segment end and per message, in prompt order
   * @param existing breakpoints already in the request (the client's)
   * @param automatic whether the request already asks for automatic caching (Anthropic's top-level
   *     {@code cache_control}), which covers the latest turn
   * @return how many breakpoints were added
   */
  public static int place(List<Spot> spots, int existing, boolean automatic, long minimumTokens) {
    int free = MAX - existing;
    int added = 0;
    for (Spot spot : choices(spots, automatic)) {
      if (added >= free) {
        break;
      }
      if (!spot.marked() && spot.tokensThrough() >= minimumTokens) {
        spot.mark().run();
        added++;
      }
    }
    return added;
  }

  /** The candidate spots in order of value, without repeats. */
  static List<Spot> choices(List<Spot> spots, boolean automatic) {
    Spot lastTurn = null;
    Spot systemEnd = null;
    Spot toolsEnd = null;
    for (Spot s : spots) {
      switch (s.segment()) {
        case TURN -> lastTurn = s;
        case SYSTEM -> systemEnd = s;
        case TOOLS -> toolsEnd = s;
      }
    }
    Spot previousUser = null;
    int lastUserTurn = -1;
    for (Spot s : spots) {
      if (s.segment() == Segment.TURN && s.user()) {
        lastUserTurn = s.turn();
      }
    }
    for (Spot s : spots) {
      if (s.segment() == Segment.TURN && s.user() && s.turn() < lastUserTurn) {
        previousUser = s;
      }
    }
    List<Spot> out = new ArrayList<>();
    for (Spot s : new Spot[] {automatic ? null : lastTurn, systemEnd, previousUser, toolsEnd}) {
      if (s != null && !out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The smallest prompt a Claude model caches, in tokens, from Anthropic's prompt-caching page
   * (wire-formats §3.4); 1,024 for models it does not list. Reads Anthropic ids ({@code
   * claude-haiku-4-5-20251001}) and Bedrock ids ({@code us.anthropic.claude-3-5-haiku-…}) alike.
   */
  public static long minimumTokens(String model) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    if (m.contains("opus-4-6") || m.contains("opus-4-5") || m.contains("haiku-4-5")) {
      return 4096;
    }
    if (m.contains("3-5-haiku") || m.contains("3-haiku") || m.contains("haiku-3")) {
      return 2048;
    }
    return 1024;
  }

  /**
   * A quick estimate of a block's length in tokens: its JSON's length over {@value
   * #CHARS_PER_TOKEN}. It errs long for images (their base64), which can only cost a breakpoint.
   */
  public static long estimate(JsonNode block) {
    if (block == null) {
      return 0;
    }
    if (block.isTextual()) {
      return block.asText().length() / CHARS_PER_TOKEN;
    }
    return block.toString().length() / CHARS_PER_TOKEN;
  }
}
