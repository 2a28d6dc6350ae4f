package switchboard.observe.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import switchboard.route.Attempt;
import switchboard.usage.UsageRecord;

/**
 * OpenTelemetry traces of the requests (OTLP over HTTP, off unless an endpoint is configured): one
 * server span per request and one client span per upstream attempt under it, named and attributed
 * after the GenAI semantic conventions ({@code gen_ai.operation.name}, {@code
 * gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code
 * gen_ai.usage.*}).
 *
 * <p>Design note: the spans are built from the request's record when the request leaves (one
 * listener on the one exit), with explicit timestamps, so tracing adds no code to the request's
 * path and costs nothing when off. An attempt's record holds its duration, not its start, so
 * attempts are laid end to end from the request's arrival (hedged attempts, which overlap, are
 * shown one after the other). Spans are exported in batches on the SDK's own thread.
 */
public final class RecordSpans implements Consumer<UsageRecord>, AutoCloseable {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  RecordSpans(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get("switchboard");
  }

  /**
   * The tracer the environment asks for, or null when traces are off: on when {@code
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full URL) or {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the
   * base; {@code /v1/traces} is appended) is set and {@code OTEL_TRACES_EXPORTER} is not {@code
   * none}; {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_EXPORTER_OTLP_PROTOCOL} (only {@code
   * http/protobuf}) and {@code OTEL_SERVICE_NAME} as the SDKs read them.
   */
  public static RecordSpans fromEnvironment(Map<String, String> env) {
    TraceSettings s = TraceSettings.fromEnvironment(env);
    if (s == null) {
      return null;
    }
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(s.endpoint()).setTimeout(Duration.ofSeconds(10));
    s.headers().forEach(exporter::addHeader);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), s.serviceName()))))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter.build())
                    .setScheduleDelay(Duration.ofMillis(500))
                    .build())
            .build();
    return new RecordSpans(provider);
  }

  /** Where spans go, for the start-up line. */
  public static String describe(Map<String, String> env) {
    TraceSettings s = TraceSettings.fromEnvironment(env);
    return s == null ? null : "OTLP/HTTP to " + s.endpoint();
  }

  @Override
  public void accept(UsageRecord r) {
    long start = TimeUnit.MILLISECONDS.toNanos(r.timestampMillis());
    String operation = operation(r.operation());
    Span request =
        tracer
            .spanBuilder(operation + (r.requestedModel() == null ? "" : " " + r.requestedModel()))
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute(OPERATION, operation)
            .startSpan();
    set(request, REQUEST_MODEL, r.requestedModel());
    set(request, PROVIDER, r.provider());
    set(request, RESPONSE_MODEL, r.servedModel());
    request.setAttribute(STATUS, (long) r.status());
    if (r.usage() != null && !r.usage().isEmpty()) {
      request.setAttribute(INPUT_TOKENS, r.usage().input());
      request.setAttribute(OUTPUT_TOKENS, r.usage().output());
    }
    request.setAttribute("switchboard.request_id", r.requestId());
    set(request, "switchboard.key_id", r.keyId());
    set(request, "switchboard.policy", r.policy());
    set(request, "switchboard.target", r.target());
    set(request, "switchboard.trace_id", r.traceId());
    set(request, "switchboard.cache", r.cache());
    request.setAttribute("switchboard.stream", r.stream());
    request.setAttribute("switchboard.attempts", (long) r.attempts().size());
    if (r.ttftMillis() >= 0) {
      request.setAttribute("switchboard.ttft_ms", r.ttftMillis());
    }
    if (r.costUsd() != null) {
      request.setAttribute("switchboard.cost_usd", r.costUsd());
    }
    if (r.status() >= 400) {
      request.setStatus(StatusCode.ERROR);
      request.setAttribute(
          ERROR_TYPE, r.errorType() == null ? String.valueOf(r.status()) : r.errorType());
    }
    Context parent = Context.root().with(request);
    long cursor = start;
    for (Attempt a : r.attempts()) {
      long end = cursor + TimeUnit.MILLISECONDS.toNanos(a.millis());
      int slash = a.target().indexOf('/');
      String provider = slash > 0 ? a.target().substring(0, slash) : a.target();
      String model = slash > 0 ? a.target().substring(slash + 1) : null;
      Span attempt =
          tracer
              .spanBuilder(operation + (model == null ? "" : " " + model))
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent)
              .setStartTimestamp(cursor, TimeUnit.NANOSECONDS)
              .setAttribute(OPERATION, operation)
              .setAttribute(PROVIDER, provider)
              .startSpan();
      set(attempt, REQUEST_MODEL, model);
      if (a.status() > 0) {
        attempt.setAttribute(STATUS, (long) a.status());
      }
      if (a.failed()) {
        attempt.setStatus(StatusCode.ERROR);
        attempt.setAttribute(ERROR_TYPE, a.error().failure().label());
      } else {
        set(attempt, RESPONSE_MODEL, r.servedModel());
      }
      attempt.end(end, TimeUnit.NANOSECONDS);
      cursor = end;
    }
    request.end(start + TimeUnit.MILLISECONDS.toNanos(r.latencyMillis()), TimeUnit.NANOSECONDS);
  }

  /** The GenAI operation name of a recorded operation ({@code chat}, {@code embeddings}…). */
  static String operation(String recorded) {
    if (recorded == null) {
      return "chat";
    }
    return switch (recorded) {
      case "embeddings" -> "embeddings";
      case "chat", "messages", "responses", "completions" -> "chat";
      default -> recorded;
    };
  }

  private static void set(Span span, AttributeKey<String> key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  private static void set(Span span, String key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  /** Exports what is queued (up to 10 s), then stops. */
  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
