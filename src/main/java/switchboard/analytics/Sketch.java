package switchboard.analytics;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A mergeable quantile sketch of millisecond values (DDSketch): any quantile within {@link
 * #RELATIVE_ACCURACY} of the exact value at that rank, whatever the distribution, and two sketches
 * merge into the sketch of the union. That is what lets hourly roll-ups per dimension be combined
 * into any range's percentiles. Stored as DDSketch's own portable binary encoding.
 */
public final class Sketch {

  /**
   * Half the 1 % the figures promise: the other half is left for rounding the reported values to
   * hundredths of a millisecond (at most 0.5 % of any value from 1 ms up).
   */
  public static final double RELATIVE_ACCURACY = 0.005;

  private final DDSketch sketch;

  public Sketch() {
    this.sketch = DDSketches.unboundedDense(RELATIVE_ACCURACY);
  }

  public void add(double millis) {
    sketch.accept(Math.max(0, millis));
  }

  public void merge(Sketch other) {
    sketch.mergeWith(other.sketch);
  }

  /** Merges a sketch in its stored encoding (null or empty: nothing). */
  public void merge(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      return;
    }
    try {
      sketch.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored latency sketch is corrupt", e);
    }
  }

  public long count() {
    return Math.round(sketch.getCount());
  }

  public boolean isEmpty() {
    return sketch.isEmpty();
  }

  /** The value at quantile {@code q} (0..1), rounded to hundredths; NaN when empty. */
  public double quantile(double q) {
    if (sketch.isEmpty()) {
      return Double.NaN;
    }
    return Math.round(sketch.getValueAtQuantile(q) * 100) / 100.0;
  }

  /** The stored encoding; null when empty. */
  public byte[] encode() {
    if (sketch.isEmpty()) {
      return null;
    }
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }
}
