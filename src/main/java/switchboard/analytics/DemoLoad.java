package switchboard.analytics;

import java.io.PrintStream;
import java.util.List;
import java.util.random.RandomGenerator;
import switchboard.usage.UsageRecord;

/** Fills a request log with {@link DemoData}: records in batches, their roll-ups merged once. */
public final class DemoLoad {

  private static final int BATCH = 10_000;

  private DemoLoad() {}

  /** What a load wrote, and how fast. */
  public record Result(long records, long millis) {
    public double perSecond() {
      return millis == 0 ? records : records * 1000.0 / millis;
    }
  }

  /** Writes {@code count} records over the {@code days} days up to {@code nowMs}. */
  public static Result run(
      BulkLog log, long count, int days, long nowMs, RandomGenerator random, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    Rollups rollups = new Rollups();
    long[] written = {0};
    long[] lastReport = {started};
    Exception[] failure = {null};
    new DemoData(random)
        .generate(
            count,
            nowMs - days * 86_400_000L,
            nowMs,
            BATCH,
            (List<UsageRecord> batch) -> {
              if (failure[0] != null) {
                return;
              }
              try {
                log.appendRecordsOnly(batch);
              } catch (Exception e) {
                failure[0] = e;
                return;
              }
              for (UsageRecord r : batch) {
                rollups.add(Rollups.facts(r));
              }
              written[0] += batch.size();
              if (System.nanoTime() - lastReport[0] > 5_000_000_000L) {
                lastReport[0] = System.nanoTime();
                out.printf("  %,d of %,d records%n", written[0], count);
              }
            });
    if (failure[0] != null) {
      throw failure[0];
    }
    log.mergeRollups(rollups);
    return new Result(written[0], (System.nanoTime() - started) / 1_000_000);
  }
}
