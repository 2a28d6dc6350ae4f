package switchboard.guard.pii;

/**
 * Restores placeholders in a streamed answer, whose chunks may split one anywhere ({@code [EM} +
 * {@code AIL_1]}). Text that could still become a placeholder is held back, at most one
 * placeholder's length; everything else goes out at once, so a stream is delayed only while it is
 * in the middle of a {@code [}. One per streamed choice; confined to its stream.
 */
public final class StreamRestorer {

  private final Placeholders placeholders;
  private final StringBuilder held = new StringBuilder();

  public StreamRestorer(Placeholders placeholders) {
    this.placeholders = placeholders;
  }

  /** The text that can be sent now, given the next piece of the stream. */
  public String push(String piece) {
    if (placeholders.isEmpty()) {
      return piece;
    }
    held.append(piece);
    int keep = heldFrom(held);
    String ready = held.substring(0, keep);
    held.delete(0, keep);
    return placeholders.restore(ready);
  }

  /** What was held back when the stream ends: no placeholder can complete any more. */
  public String finish() {
    String rest = held.toString();
    held.setLength(0);
    return placeholders.restore(rest);
  }

  /** Where the unfinished placeholder at the end of {@code text} starts, or its length if none. */
  private int heldFrom(CharSequence text) {
    int n = text.length();
    int from = Math.max(0, n - placeholders.longest() + 1);
    for (int i = from; i < n; i++) {
      if (text.charAt(i) == '[' && placeholders.isProperPrefix(text.subSequence(i, n))) {
        return i;
      }
    }
    return n;
  }
}
