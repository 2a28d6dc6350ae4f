package switchboard.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpClientRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything known about one inbound request, typed; no attribute map. Confined to the event loop
 * of its connection.
 */
public final class Exchange {

  public final String requestId;
  public final long receivedNanos;
  public final long receivedEpochMillis;
  public final Operation operation;
  public final String keyId;

  /** The canonical body (the client's minus gateway extensions, or a stage's rewrite). */
  private ObjectNode body;

  public final String requestedModel;
  public final List<String> fallbacks;
  public final boolean stream;

  /** Whether the client asked for usage in its stream ({@code stream_options.include_usage}). */
  public final boolean clientWantsUsage;

  public final GatewayOptions options;

  /** Policy, cache, savings and guardrail results, for the request record. */
  public final RequestNotes notes = new RequestNotes();

  private Dialect inbound = Dialect.OPENAI;
  private ObjectNode nativeBody;
  private GatewayException untranslatable;
  private java.util.Map<String, String> passthroughHeaders = java.util.Map.of();
  private final List<AnswerHook> hooks = new ArrayList<>(1);
  private final java.util.Map<String, String> answerHeaders = new java.util.LinkedHashMap<>(2);
  private final java.util.Map<Slot<?>, Object> slots = new java.util.IdentityHashMap<>(2);
  private List<String> boundPolicies = List.of();
  private HttpClientRequest inFlight;
  private boolean cancelled;

  public Exchange(
      String requestId,
      long receivedNanos,
      long receivedEpochMillis,
      Operation operation,
      String keyId,
      ObjectNode body,
      String requestedModel,
      List<String> fallbacks,
      boolean stream,
      boolean clientWantsUsage,
      GatewayOptions options) {
    this.requestId = requestId;
    this.receivedNanos = receivedNanos;
    this.receivedEpochMillis = receivedEpochMillis;
    this.operation = operation;
    this.keyId = keyId;
    this.body = body;
    this.requestedModel = requestedModel;
    this.fallbacks = List.copyOf(fallbacks);
    this.stream = stream;
    this.clientWantsUsage = clientWantsUsage;
    this.options = options;
  }

  /**
   * The defaults under the request's and key's options: the policy's over the gateway-wide ones,
   * set by the admission stage.
   */
  private GatewayOptions defaults = GatewayOptions.NONE;

  public void defaults(GatewayOptions defaults) {
    this.defaults = defaults;
  }

  /** The policy's options over the gateway-wide ones (guardrails: the policy's only). */
  public GatewayOptions defaults() {
    return defaults;
  }

  /**
   * The options in force: the request's, then the key's ({@link #options}), then the policy's, then
   * the gateway-wide ones (SPEC §3).
   */
  public GatewayOptions choices() {
    return options.over(defaults);
  }

  /** The canonical request body; copied per attempt. */
  public ObjectNode body() {
    return body;
  }

  /**
   * A stage's rewrite of the canonical request (e.g. PII redacted), before routing. The client's
   * own body is dropped, so the rewrite is what every target receives, translated to its dialect:
   * no passthrough of what the client sent.
   */
  public void rewrite(ObjectNode canonical) {
    this.body = canonical;
    this.nativeBody = null;
  }

  /** Registers a hook on the answer (see {@link AnswerHook}); in a stage, before passing on. */
  public void hook(AnswerHook hook) {
    hooks.add(hook);
  }

  /** The hooks on the answer, in the order they run (the last registered first). */
  public List<AnswerHook> hooks() {
    return java.util.Collections.unmodifiableList(reversed(hooks));
  }

  /**
   * Whether a hook watches the answer: then it is read in the canonical shape, never passed
   * through.
   */
  public boolean hooked() {
    return !hooks.isEmpty();
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> out = new ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * A header for the answer, set by a stage (e.g. {@code x-switchboard-cache: hit}); the exit
   * writes it over the gateway's default of the same name.
   */
  public void answerHeader(String name, String value) {
    answerHeaders.put(name, value);
  }

  public java.util.Map<String, String> answerHeaders() {
    return java.util.Collections.unmodifiableMap(answerHeaders);
  }

  /**
   * Per-request state of one stage, under a key the stage declares as a constant: typed, and no
   * string can collide with another stage's.
   */
  public static final class Slot<T> {
    private final String name;

    public Slot(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public <T> void put(Slot<T> slot, T value) {
    slots.put(slot, value);
  }

  /** The slot's value, or null when the stage put none. */
  @SuppressWarnings("unchecked")
  public <T> T get(Slot<T> slot) {
    return (T) slots.get(slot);
  }

  /** The dialect the client speaks; its answers and errors are written in it. */
  public Dialect inbound() {
    return inbound;
  }

  /**
   * The body as the client sent it, in its own dialect minus gateway extensions, when that is not
   * the canonical one: passed through untranslated to an upstream of the same dialect.
   */
  public ObjectNode nativeBody() {
    return nativeBody;
  }

  /**
   * Marks a request that arrived in another dialect than the canonical one.
   *
   * @param untranslatable null, or the 400 for targets of another dialect: the request uses what
   *     only its own dialect has
   */
  public void inbound(Dialect dialect, ObjectNode nativeBody, GatewayException untranslatable) {
    this.inbound = dialect;
    this.nativeBody = nativeBody;
    this.untranslatable = untranslatable;
  }

  /**
   * Request headers of the client's dialect that go upstream with its body on passthrough (e.g.
   * Anthropic's {@code anthropic-beta}); never to a provider of another dialect.
   */
  public java.util.Map<String, String> passthroughHeaders() {
    return passthroughHeaders;
  }

  public void passthroughHeaders(java.util.Map<String, String> headers) {
    this.passthroughHeaders = java.util.Map.copyOf(headers);
  }

  /** Why targets of another dialect than the client's cannot serve this request, or null. */
  public GatewayException untranslatable() {
    return untranslatable;
  }

  /** Policies the caller's key is bound to; a request for one's primary model goes through it. */
  public List<String> boundPolicies() {
    return boundPolicies;
  }

  public void boundPolicies(List<String> names) {
    this.boundPolicies = List.copyOf(names);
  }

  /** Remembers the upstream request in flight so a client disconnect can cancel it. */
  public void inFlight(HttpClientRequest request) {
    this.inFlight = request;
    if (cancelled) {
      request.reset();
    }
  }

  /** The client went away: cancel the upstream request, and try nothing more. */
  public void cancel() {
    cancelled = true;
    if (inFlight != null) {
      inFlight.reset();
    }
  }

  /** Gives up on the upstream request in flight (a timeout); the exchange itself goes on. */
  public void abortInFlight() {
    if (inFlight != null) {
      inFlight.reset();
    }
  }

  public boolean cancelled() {
    return cancelled;
  }
}
