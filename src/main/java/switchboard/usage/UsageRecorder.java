package switchboard.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.observe.Metrics;

/**
 * Records requests off the hot path: {@link #record} is a non-blocking queue offer; one writer
 * thread drains the queue in batches into the {@link UsageLog}.
 *
 * <p>Design note. A full queue never blocks a request: the record is counted as dropped and logged
 * (the first time and then every 1,000th), visible in {@code
 * switchboard_usage_records_dropped_total}. A batch that fails to write is retried with backoff and
 * kept, so what was accepted is not lost while the database is briefly unavailable. {@link #close}
 * stops accepting, drains everything and writes it before returning (SIGTERM flushes).
 */
public final class UsageRecorder implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());
  private static final int MAX_BATCH = 1000;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final BlockingQueue<UsageRecord> queue;
  private final UsageLog log;
  private final Metrics metrics;
  private final Thread writer;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;

  public UsageRecorder(UsageLog log, int capacity, Metrics metrics) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.log = log;
    this.metrics = metrics;
    metrics.describe(
        "switchboard_usage_records_written_total", "Request records written to storage");
    metrics.describe(
        "switchboard_usage_records_dropped_total",
        "Request records dropped because the recording queue was full");
    metrics.gauge(
        "switchboard_usage_queue_depth", "Request records waiting to be written", queue::size);
    this.writer = new Thread(this::run, "usage-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a record; never blocks. Returns false when it was dropped. */
  public boolean record(UsageRecord record) {
    if (closing || !queue.offer(record)) {
      long n = dropped.incrementAndGet();
      metrics.increment("switchboard_usage_records_dropped_total", "");
      if (n == 1 || n % 1000 == 0) {
        LOG.warning("usage queue full or closed: " + n + " request record(s) dropped so far");
      }
      return false;
    }
    return true;
  }

  public long dropped() {
    return dropped.get();
  }

  private void run() {
    List<UsageRecord> batch = new ArrayList<>(MAX_BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        UsageRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        gather(batch);
        write(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Lets a batch fill for up to {@link #LINGER_NANOS} after its first record: under a steady load
   * one transaction then carries many records instead of one each, which on a small machine saved
   * the CPU that the event loops need (records appear that much later; none is lost).
   */
  private void gather(List<UsageRecord> batch) throws InterruptedException {
    long deadline = System.nanoTime() + LINGER_NANOS;
    while (batch.size() < MAX_BATCH && !closing) {
      queue.drainTo(batch, MAX_BATCH - batch.size());
      long left = deadline - System.nanoTime();
      if (left <= 0 || batch.size() >= MAX_BATCH) {
        return;
      }
      UsageRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
    queue.drainTo(batch, MAX_BATCH - batch.size());
  }

  private void write(List<UsageRecord> batch) throws InterruptedException {
    long backoff = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        log.append(batch);
        metrics.add("switchboard_usage_records_written_total", "", batch.size());
        return;
      } catch (Exception e) {
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.log(
              Level.WARNING,
              "writing "
                  + batch.size()
                  + " request record(s) failed (attempt "
                  + attempt
                  + "); retrying: "
                  + e.getMessage());
        }
        if (closing && attempt >= 5) {
          LOG.severe("giving up on " + batch.size() + " request record(s) at shutdown");
          return;
        }
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /** Stops accepting records, writes every queued one, then closes the log. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
  }
}
