package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/**
 * OpenTelemetry traces over OTLP/HTTP to a loopback receiver: one server span per request, one
 * client span per attempt under it, with the GenAI semantic conventions' attribute names.
 */
class TracesIT {

  static final String COLLECTOR_TOKEN = "otlp-collector-token-0123456789";

  @TempDir Path data;
  HttpServer collector;
  final List<ExportTraceServiceRequest> exports = new CopyOnWriteArrayList<>();
  final List<String> headers = new CopyOnWriteArrayList<>();
  FakeOpenAi openai;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          headers.add(
              exchange.getRequestHeaders().getFirst("content-type")
                  + " "
                  + exchange.getRequestHeaders().getFirst("authorization"));
          exports.add(ExportTraceServiceRequest.parseFrom(body));
          byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    collector.start();
    openai = FakeOpenAi.start();
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    openai.close();
    collector.stop(0);
  }

  @Test
  void aFailedOverRequestIsOneServerSpanWithOneClientSpanPerAttempt() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("OPENAI_API_KEY", "sk-fake-openai-provider-key");
    env.put("OPENAI_BASE_URL", openai.baseUrl());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20" + COLLECTOR_TOKEN);
    env.put("OTEL_SERVICE_NAME", "switchboard-test");
    gw = GatewayFixture.start(data, env);
    assertThat(gw.output()).contains("Traces: OTLP/HTTP").doesNotContain(COLLECTOR_TOKEN);

    openai.then(Reply.fault(Fault.SERVER_ERROR), Reply.ok().usage(12, 5, 0));
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"openai/gpt-4o-mini\",\"models\":[\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();

    List<Span> spans =
        Await.until(
            java.time.Duration.ofSeconds(15),
            "three spans at the collector",
            () -> {
              List<Span> all = spans();
              return all.size() >= 3 ? all : null;
            });
    assertThat(spans).hasSize(3);
    assertThat(headers.get(0)).isEqualTo("application/x-protobuf Bearer " + COLLECTOR_TOKEN);
    Span server = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.getName()).isEqualTo("chat openai/gpt-4o-mini");
    assertThat(server.getParentSpanId().isEmpty()).isTrue();
    Map<String, String> a = attributes(server.getAttributesList());
    assertThat(a)
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.request.model", "openai/gpt-4o-mini")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.usage.input_tokens", "12")
        .containsEntry("gen_ai.usage.output_tokens", "5")
        .containsEntry("http.response.status_code", "200")
        .containsEntry("switchboard.request_id", requestId)
        .containsEntry("switchboard.attempts", "2");

    List<Span> clients =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(clients).hasSize(2);
    for (Span c : clients) {
      assertThat(c.getTraceId()).isEqualTo(server.getTraceId());
      assertThat(c.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(attributes(c.getAttributesList())).containsEntry("gen_ai.provider.name", "openai");
      assertThat(c.getStartTimeUnixNano()).isGreaterThanOrEqualTo(server.getStartTimeUnixNano());
      assertThat(c.getEndTimeUnixNano()).isLessThanOrEqualTo(server.getEndTimeUnixNano());
    }
    Map<String, String> first = attributes(clients.get(0).getAttributesList());
    Map<String, String> second = attributes(clients.get(1).getAttributesList());
    assertThat(first)
        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
        .containsEntry("http.response.status_code", "500")
        .containsKey("error.type");
    assertThat(clients.get(0).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(second)
        .containsEntry("gen_ai.request.model", "gpt-4o")
        .doesNotContainKey("error.type");
    assertThat(clients.get(0).getName()).isEqualTo("chat gpt-4o-mini");

    assertThat(attributes(exports.get(0).getResourceSpans(0).getResource().getAttributesList()))
        .containsEntry("service.name", "switchboard-test");
  }

  @Test
  void offByDefault() throws Exception {
    gw =
        GatewayFixture.start(
            data, Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_BASE_URL", openai.baseUrl()));
    assertThat(gw.output()).doesNotContain("Traces:");
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    gw.close();
    gw = null;
    assertThat(exports).isEmpty();
  }

  private List<Span> spans() {
    List<Span> out = new ArrayList<>();
    for (ExportTraceServiceRequest e : exports) {
      for (ResourceSpans rs : e.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.addAll(ss.getSpansList());
        }
      }
    }
    out.sort(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano));
    return out;
  }

  private static Span only(List<Span> spans, Span.SpanKind kind) {
    List<Span> of = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : list) {
      AnyValue v = kv.getValue();
      String text =
          v.hasStringValue()
              ? v.getStringValue()
              : v.hasIntValue()
                  ? String.valueOf(v.getIntValue())
                  : v.hasBoolValue() ? String.valueOf(v.getBoolValue()) : v.toString();
      out.put(kv.getKey(), text);
    }
    return out;
  }
}
