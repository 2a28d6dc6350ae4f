package switchboard.route;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;

/** Carries a classified upstream error through a failed future. No stack trace: it is expected. */
public final class UpstreamFailure extends RuntimeException {

  private final UpstreamError error;

  public UpstreamFailure(UpstreamError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public UpstreamError error() {
    return error;
  }

  /** The classified error of a failed call: ours when classified, else from the transport. */
  public static UpstreamError errorOf(Throwable cause) {
    if (cause instanceof UpstreamFailure failure) {
      return failure.error();
    }
    String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (cause instanceof TimeoutException
        || message.contains("timeout")
        || message.contains("timed out")) {
      return UpstreamError.of(Failure.TIMEOUT, 0, "upstream timed out");
    }
    if (cause instanceof ConnectException
        || cause instanceof java.io.IOException
        || cause instanceof io.vertx.core.VertxException) {
      return UpstreamError.of(Failure.CONNECT, 0, "connection failed: " + cause.getMessage());
    }
    return UpstreamError.of(Failure.CONNECT, 0, "upstream request failed: " + cause);
  }
}
