package switchboard.fake;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One scripted answer of the fake: what to say (text or tool calls, model, usage, embeddings) and
 * which {@link Fault}s to apply. Mutable builder, used once.
 */
public final class Reply {

  /** A tool call the model makes; arguments are streamed in small fragments. */
  public record ToolCall(String id, String name, String arguments) {}

  String text = "Hello from the fake upstream.";
  String model;
  final List<ToolCall> toolCalls = new ArrayList<>();
  long promptTokens = 9;
  long completionTokens = 5;
  long cachedTokens = 0;
  Fault fault;
  final Set<Fault> quirks = EnumSet.noneOf(Fault.class);
  float[] embedding = {0.125f, -0.5f, 0.25f, 1.5f, -0.0078125f};

  private Reply() {}

  /** A normal answer with the default text. */
  public static Reply ok() {
    return new Reply();
  }

  public static Reply text(String text) {
    Reply r = new Reply();
    r.text = text;
    return r;
  }

  /** An answer that fails as {@code fault} says (quirks are allowed too). */
  public static Reply fault(Fault fault) {
    return new Reply().with(fault);
  }

  /** Adds a fault or a framing quirk. */
  public Reply with(Fault f) {
    if (f.isQuirk()) {
      quirks.add(f);
    } else {
      fault = f;
    }
    return this;
  }

  /** The model the answer names; defaults to the model the request named. */
  public Reply model(String model) {
    this.model = model;
    return this;
  }

  public Reply usage(long prompt, long completion, long cached) {
    this.promptTokens = prompt;
    this.completionTokens = completion;
    this.cachedTokens = cached;
    return this;
  }

  public Reply toolCall(String id, String name, String arguments) {
    toolCalls.add(new ToolCall(id, name, arguments));
    return this;
  }

  public Reply embedding(float... vector) {
    this.embedding = vector.clone();
    return this;
  }

  boolean has(Fault f) {
    return fault == f || quirks.contains(f);
  }
}
