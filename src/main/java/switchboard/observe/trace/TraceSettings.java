package switchboard.observe.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where traces go, from the standard OpenTelemetry environment variables (the subset for OTLP over
 * HTTP). Null when traces are off, which is the default.
 *
 * @param headers sent with every export (often a vendor's API key: never logged)
 */
record TraceSettings(String endpoint, Map<String, String> headers, String serviceName) {

  @Override
  public String toString() {
    return "TraceSettings[" + endpoint + "]"; // never the headers
  }

  static TraceSettings fromEnvironment(Map<String, String> env) {
    if ("none".equalsIgnoreCase(value(env, "OTEL_TRACES_EXPORTER", ""))) {
      return null;
    }
    String endpoint = value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", null);
    if (endpoint == null) {
      String base = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT", null);
      if (base == null) {
        return null;
      }
      endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    }
    if (!endpoint.matches("https?://.+")) {
      throw new IllegalArgumentException(
          "OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT must start with http:// or https://: " + endpoint);
    }
    String protocol =
        value(
            env,
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            value(env, "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    if (!protocol.equals("http/protobuf")) {
      throw new IllegalArgumentException(
          "OTEL_EXPORTER_OTLP_PROTOCOL: only OTLP over HTTP with protobuf (http/protobuf) is"
              + " supported, not "
              + protocol);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers(value(env, "OTEL_EXPORTER_OTLP_HEADERS", ""), headers);
    headers(value(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", ""), headers);
    return new TraceSettings(
        endpoint, Map.copyOf(headers), value(env, "OTEL_SERVICE_NAME", "switchboard"));
  }

  /** {@code k1=v1,k2=v2}, values percent-decoded, as the specification writes them. */
  private static void headers(String list, Map<String, String> out) {
    for (String pair : list.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            pair.substring(0, eq).strip(),
            java.net.URLDecoder.decode(
                pair.substring(eq + 1).strip(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }
}
