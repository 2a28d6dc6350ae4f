package switchboard.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A header timeout per connection: once the first byte of a request's head arrives, the whole head
 * must arrive within the limit, or the gateway answers 408 and closes the connection. A client
 * sending its headers a byte a second cannot keep a connection (and its memory) forever. An idle
 * keep-alive connection between requests is not timed: the clock starts with a request's first
 * byte.
 *
 * <p>One instance sits before the HTTP decoder (it sees the bytes and writes the 408 straight to
 * the socket); its {@link #headRead()} side sits after the encoder, where it sees each decoded
 * request head and each response's end before it is encoded.
 */
final class HeaderDeadline extends ChannelDuplexHandler {

  private static final byte[] TIMEOUT_BODY =
      ("{\"error\":{\"message\":\"The request's headers did not arrive in time.\","
              + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"request_timeout\"}}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] TIMEOUT_RESPONSE =
      ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
              + TIMEOUT_BODY.length
              + "\r\nconnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final long timeoutMillis;
  private boolean awaitingHead = true;
  private ScheduledFuture<?> deadline;

  HeaderDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (awaitingHead && deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }
    super.channelRead(ctx, msg);
  }

  private void expire(ChannelHandlerContext ctx) {
    if (!awaitingHead || !ctx.channel().isActive()) {
      return;
    }
    ByteBuf answer = Unpooled.wrappedBuffer(TIMEOUT_RESPONSE, TIMEOUT_BODY);
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /**
   * The handler placed after the encoder: a decoded head stops the clock; a response's end re-arms
   * it.
   */
  ChannelDuplexHandler headRead() {
    return new ChannelDuplexHandler() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
          awaitingHead = false;
          cancel();
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
          throws Exception {
        if (msg instanceof LastHttpContent) {
          awaitingHead = true; // the next request's head is timed from its first byte
        }
        super.write(ctx, msg, promise);
      }
    };
  }
}
