package switchboard.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1 request decoder with request framing made strict (RFC 9112 §6.1, §6.3): a request
 * that has both {@code Content-Length} and {@code Transfer-Encoding}, or a {@code
 * Transfer-Encoding} other than exactly {@code chunked}, is invalid. Netty would frame the first by
 * the chunked encoding, drop the {@code Content-Length} and keep the connection open, so the bytes
 * after the chunked body were answered as a second request (request smuggling behind a proxy that
 * framed it by the length). An invalid request reaches the server's invalid-request handler, which
 * answers 400 and closes the connection. (Netty itself refuses two different {@code
 * Content-Length}s.)
 *
 * <p>Vert.x has no public hook for its decoder; {@link ConnectionGuard} swaps this one in for the
 * stock decoder when a connection opens, before its first byte is read.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /** Called by Netty once the headers are read, before the body is framed. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    List<String> encodings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!encodings.isEmpty()) {
      if (message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new Refused("A request must not have both Content-Length and Transfer-Encoding.");
      }
      if (encodings.size() != 1
          || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(encodings.get(0).trim())) {
        throw new Refused(
            "Transfer-Encoding must be exactly \"chunked\"; got \""
                + String.join(", ", encodings)
                + "\".");
      }
    }
    return super.isContentAlwaysEmpty(message);
  }

  /** A request refused for its framing; its message is ours and is shown to the client. */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }
}
