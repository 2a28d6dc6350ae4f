package switchboard.http;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Hardens each new HTTP/1 connection before its first byte is read: strict request framing ({@link
 * StrictRequestDecoder}) and a header timeout ({@link HeaderDeadline}; 0 turns it off). Vert.x
 * exposes neither, so this reaches into the connection's Netty pipeline by the handler names Vert.x
 * gives it; {@code ErrorsIT} fails if a Vert.x upgrade changes them.
 */
final class ConnectionGuard {

  private static final String DECODER = "httpDecoder";
  private static final String ENCODER = "httpEncoder";

  private ConnectionGuard() {}

  static Handler<HttpConnection> install(HttpServerOptions options, long headerTimeoutMillis) {
    return connection -> {
      if (!(connection instanceof ConnectionBase base)) {
        return;
      }
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get(DECODER) == null || pipeline.get(ENCODER) == null) {
        return; // HTTP/2: framing is the codec's, headers arrive in one frame
      }
      pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
      if (headerTimeoutMillis > 0) {
        HeaderDeadline deadline = new HeaderDeadline(headerTimeoutMillis);
        pipeline.addBefore(DECODER, "switchboardHeaderDeadline", deadline);
        pipeline.addAfter(ENCODER, "switchboardHeadRead", deadline.headRead());
      }
    };
  }
}
