package switchboard.route;

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
}
