package switchboard.guard.pii;

/**
 * One piece of personal data in a text.
 *
 * @param start UTF-16 offset of its first character
 * @param end UTF-16 offset just past its last character
 * @param text the value itself: never logged, never stored
 */
public record PiiFinding(PiiType type, int start, int end, String text) {

  @Override
  public String toString() {
    // The value stays out of every log line and exception message.
    return type + "[" + start + "," + end + ")";
  }
}
