package switchboard.analytics;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.random.RandomGenerator;
import switchboard.usage.UsageRecord;

/**
 * Fills a request log with {@link DemoData}: one thread generates records and adds up their
 * roll-ups while the caller's thread writes the batches; the roll-ups are merged once at the end.
 */
public final class DemoLoad {

  private static final int BATCH = 20_000;
  private static final List<UsageRecord> END = List.of();

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
    log.bulkLoad();
    Rollups rollups = new Rollups();
    BlockingQueue<List<UsageRecord>> queue = new ArrayBlockingQueue<>(4);
    Thread generator =
        new Thread(
            () -> {
              try {
                new DemoData(random)
                    .generate(
                        count,
                        nowMs - days * 86_400_000L,
                        nowMs,
                        BATCH,
                        batch -> {
                          for (UsageRecord r : batch) {
                            rollups.add(Rollups.facts(r));
                          }
                          put(queue, batch);
                        });
              } finally {
                put(queue, END);
              }
            },
            "demo-data");
    generator.setDaemon(true);
    generator.start();
    long written = 0;
    long lastReport = started;
    try {
      for (List<UsageRecord> batch = queue.take(); batch != END; batch = queue.take()) {
        log.appendRecordsOnly(batch);
        written += batch.size();
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          out.printf("  %,d of %,d records%n", written, count);
        }
      }
    } finally {
      generator.interrupt();
    }
    generator.join();
    log.mergeRollups(rollups);
    return new Result(written, (System.nanoTime() - started) / 1_000_000);
  }

  private static void put(BlockingQueue<List<UsageRecord>> queue, List<UsageRecord> batch) {
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("demo data generation interrupted", e);
    }
  }
}
