package switchboard.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpClientRequest;
import java.util.ArrayList;
import java.util.List;
import switchboard.route.Attempt;
import switchboard.wire.Dialect;

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

  /** The body as the client sent it, minus gateway extensions; copied per attempt. */
  public final ObjectNode body;

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
  private switchboard.wire.responses.ResponsesContext responses;
  private final List<Attempt> attempts = new ArrayList<>();
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

  /** For a {@code /v1/responses} request: the response's shell and who stores it; else null. */
  public switchboard.wire.responses.ResponsesContext responses() {
    return responses;
  }

  public void responses(switchboard.wire.responses.ResponsesContext context) {
    this.responses = context;
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

  public List<Attempt> attempts() {
    return attempts;
  }

  public void addAttempt(Attempt attempt) {
    attempts.add(attempt);
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
