package switchboard.route;

import switchboard.provider.UpstreamError;

/**
 * How a relayed stream ended: complete (the gateway sends {@code [DONE]}) or broken (the gateway
 * sends an error event and no {@code [DONE]}).
 *
 * @param error null when the stream completed
 */
public record StreamEnd(UpstreamError error) {

  public boolean complete() {
    return error == null;
  }
}
