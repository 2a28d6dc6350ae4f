package switchboard.media;

/**
 * A media fetch that failed, in words fit for the client: what went wrong with the URL it sent
 * (refused address, too large, wrong type, the server's status), never a stack trace.
 */
public final class FetchFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FetchFailed(String message) {
    super(message, null, false, false);
  }
}
