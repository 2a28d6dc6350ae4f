package switchboard.provider;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/** Everything the transport needs to send one upstream request. Prepared by a provider, no I/O. */
public record UpstreamRequest(
    HttpMethod method, String uri, Map<String, String> headers, Buffer body) {}
