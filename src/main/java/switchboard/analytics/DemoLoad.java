package switchboard.analytics;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import switchboard.usage.UsageRecord;

/**
 * Fills a request log with {@link DemoData}: one thread generates records and adds up their
 * roll-ups while the caller's thread writes the batches. Records come in time order, so an hour's
 * roll-ups are complete once a later record appears: they go to the writer with the next batch and
 * are merged in its transaction (memory stays at one hour's rows, however long the load).
 */
public final class DemoLoad {

  /** Records per transaction: large enough to amortize the commit, small enough for the heap. */
  private static final int BATCH = 8_192;

  private DemoLoad() {}

  /** What a load wrote, and how fast. */
  public record Result(long records, long millis) {
    public double perSecond() {
      return millis == 0 ? records : records * 1000.0 / millis;
    }
  }

  /** A batch of records and the roll-ups of the hours finished by then; {@code END} ends. */
  private record Chunk(List<UsageRecord> records, Rollups rollups) {}

  private static final Chunk END = new Chunk(List.of(), new Rollups());

  /** Writes {@code count} records over the {@code days} days up to {@code nowMs}. */
  public static Result run(
      BulkLog log, long count, int days, long nowMs, RandomGenerator random, PrintStream out)
      throws Exception {
    return load(
        log,
        sink ->
            new DemoData(random).generate(count, nowMs - days * 86_400_000L, nowMs, BATCH, sink),
        count,
        out);
  }

  /**
   * Writes the batches {@code producer} hands its sink (on a thread of its own) with their
   * roll-ups. Correct in any order: an hour seen again is merged into its stored rows again.
   */
  public static Result load(
      BulkLog log, Consumer<Consumer<List<UsageRecord>>> producer, long expected, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    log.bulkLoad();
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(3);
    Throwable[] failed = {null}; // the generator's, reported instead of a short load
    Thread generator =
        new Thread(
            () -> {
              Rollups open = new Rollups(); // the current hour's
              long[] hour = {Long.MIN_VALUE};
              try {
                producer.accept(
                    batch -> {
                      Rollups closed = new Rollups();
                      for (UsageRecord r : batch) {
                        long h = Math.floorDiv(r.timestampMillis(), Rollups.HOUR_MS);
                        if (h != hour[0] && !open.isEmpty()) {
                          closed.merge(open);
                          open.clear();
                        }
                        hour[0] = h;
                        open.add(Rollups.facts(r));
                      }
                      put(queue, new Chunk(batch, closed));
                    });
                put(queue, new Chunk(List.of(), open));
              } catch (RuntimeException | Error e) {
                failed[0] = e;
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
      for (Chunk c = queue.take(); c != END; c = queue.take()) {
        log.appendBulk(c.records(), c.rollups());
        written += c.records().size();
        if (out != null && System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          out.printf("  %,d of %,d records%n", written, expected);
        }
      }
    } finally {
      generator.interrupt();
      log.endBulkLoad();
    }
    generator.join();
    if (failed[0] != null) {
      throw new IllegalStateException("demo data generation failed: " + failed[0], failed[0]);
    }
    return new Result(written, (System.nanoTime() - started) / 1_000_000);
  }

  private static void put(BlockingQueue<Chunk> queue, Chunk chunk) {
    try {
      queue.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("demo data generation interrupted", e);
    }
  }
}
