package switchboard.route;

import java.util.ArrayList;
import java.util.List;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;

/** What the client is told when the dispatcher serves nothing: every attempt named. */
final class Outcomes {

  private Outcomes() {}

  static GatewayException clientGone() {
    return new GatewayException(
        ErrorKind.INVALID_REQUEST,
        499,
        "client closed request",
        null,
        "client_closed_request",
        null);
  }

  /** Every attempt failed; see {@link #allFailed(List, List)}. */
  static GatewayException allFailed(List<Attempt> attempts) {
    return allFailed(attempts, List.of());
  }

  /**
   * Every attempt failed. When the last failure is the request's own fault (a client error no other
   * provider would accept), the client gets that provider's 4xx; otherwise 503 naming each attempt
   * and each target skipped.
   */
  static GatewayException allFailed(List<Attempt> attempts, List<String> skipped) {
    List<Attempt> real =
        attempts.stream()
            .filter(a -> a.error() == null || a.error().failure() != Failure.CANCELLED)
            .toList();
    if (!real.isEmpty()) {
      UpstreamError error = real.get(real.size() - 1).error();
      boolean clientFault =
          error != null
              && (error.failure() == Failure.BAD_REQUEST
                  || error.failure() == Failure.CONTENT_FILTERED
                  || error.failure() == Failure.CONTEXT_LENGTH);
      if (clientFault && error.status() >= 400 && error.status() < 500) {
        return new GatewayException(
            ErrorKind.UPSTREAM_CLIENT_ERROR,
            error.status(),
            error.message(),
            error.param(),
            error.code(),
            null);
      }
    }
    List<String> parts = new ArrayList<>();
    attempts.forEach(a -> parts.add(a.describe()));
    parts.addAll(skipped);
    if (parts.isEmpty()) {
      return new GatewayException(ErrorKind.UPSTREAM_FAILED, "no provider could be tried");
    }
    String head =
        attempts.isEmpty()
            ? "No target could be tried: "
            : attempts.size() == 1 && skipped.isEmpty()
                ? "The provider failed: "
                : "All " + attempts.size() + " attempts failed: ";
    return new GatewayException(
        ErrorKind.UPSTREAM_FAILED, 503, head + String.join("; ", parts), null, null, null);
  }
}
