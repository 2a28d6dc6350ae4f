package switchboard.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.observe.Metrics;

/**
 * Records requests off the hot path: {@link #record} is a non-blocking queue offer; the writer
 * thread of the {@link UsageLog} writes them in batches.
 *
 * <p>Design note. The first record into an idle recorder schedules one write {@link #LINGER_MILLIS}
 * later on the writer thread; the records that arrive meanwhile only join the queue, so a batch
 * costs one wake-up of the writer, not one per record (waiting on the queue itself woke the writer
 * for every record, a context switch on the event loop's core each time). The writer is the store's
 * own thread (the ledger's, in the gateway), so records and ledger rows share one thread and one
 * connection. A full queue never blocks a request: the record is counted as dropped and logged (the
 * first time and then every 1,000th), visible in {@code switchboard_usage_records_dropped_total}. A
 * batch that fails to write is kept and retried with backoff, so what was accepted is not lost
 * while the database is briefly unavailable. {@link #close} stops accepting, writes everything
 * queued and returns.
 */
public final class UsageRecorder implements AutoCloseable {

  /** Runs work on the thread that owns the log's connection, after a delay. */
  @FunctionalInterface
  public interface Writer {
    void later(Runnable work, long delayMillis);
  }

  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());
  private static final int MAX_BATCH = 1000;
  static final long LINGER_MILLIS = 20;

  private final BlockingQueue<UsageRecord> queue;
  private final UsageLog log;
  private final Metrics metrics;
  private final Writer writer;
  private final ScheduledExecutorService ownThread;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final List<UsageRecord> pending = new ArrayList<>(); // writer thread only
  private long backoffMillis = 0; // writer thread only
  private int attempts = 0; // writer thread only
  private volatile boolean closing;

  /** A recorder with its own writer thread. */
  public UsageRecorder(UsageLog log, int capacity, Metrics metrics) {
    this(log, capacity, metrics, null);
  }

  /** A recorder whose writes run on {@code writer} (the thread that owns the log). */
  public UsageRecorder(UsageLog log, int capacity, Metrics metrics, Writer writer) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.log = log;
    this.metrics = metrics;
    if (writer == null) {
      this.ownThread =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "usage-writer");
                t.setDaemon(true);
                return t;
              });
      this.writer = (work, delay) -> ownThread.schedule(work, delay, TimeUnit.MILLISECONDS);
    } else {
      this.ownThread = null;
      this.writer = writer;
    }
    metrics.describe(
        "switchboard_usage_records_written_total", "Request records written to storage");
    metrics.describe(
        "switchboard_usage_records_dropped_total",
        "Request records dropped because the recording queue was full");
    metrics.gauge(
        "switchboard_usage_queue_depth", "Request records waiting to be written", queue::size);
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
    if (scheduled.compareAndSet(false, true)) {
      writer.later(this::flush, LINGER_MILLIS);
    }
    return true;
  }

  public long dropped() {
    return dropped.get();
  }

  /** On the writer thread: one batch written, or kept for a retry after a backoff. */
  private void flush() {
    scheduled.set(false); // records queued from now on schedule the next batch
    if (pending.isEmpty()) {
      queue.drainTo(pending, MAX_BATCH);
    }
    if (pending.isEmpty()) {
      return;
    }
    if (!write()) {
      backoffMillis = Math.min(Math.max(100, backoffMillis * 2), 5000);
      reschedule(backoffMillis);
      return;
    }
    backoffMillis = 0;
    if (!queue.isEmpty()) {
      reschedule(0); // more than one batch waiting: the next at once
    }
  }

  private void reschedule(long delayMillis) {
    if (scheduled.compareAndSet(false, true)) {
      writer.later(this::flush, delayMillis);
    }
  }

  private boolean write() {
    try {
      log.append(pending);
      metrics.add("switchboard_usage_records_written_total", "", pending.size());
      pending.clear();
      attempts = 0;
      return true;
    } catch (Exception e) {
      attempts++;
      if (attempts == 1 || attempts % 10 == 0) {
        LOG.log(
            Level.WARNING,
            "writing "
                + pending.size()
                + " request record(s) failed (attempt "
                + attempts
                + "); retrying: "
                + e.getMessage());
      }
      return false;
    }
  }

  /** On the writer thread at shutdown: everything queued, a few attempts per batch. */
  private void flushAll() {
    while (!pending.isEmpty() || !queue.isEmpty()) {
      if (pending.isEmpty()) {
        queue.drainTo(pending, MAX_BATCH);
      }
      int tries = 0;
      while (!write()) {
        if (++tries >= 5) {
          LOG.severe("giving up on " + pending.size() + " request record(s) at shutdown");
          pending.clear();
          break;
        }
        try {
          Thread.sleep(100L * tries);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops accepting records, writes every queued one, then closes the log. */
  @Override
  public void close() {
    closing = true;
    CountDownLatch done = new CountDownLatch(1);
    try {
      writer.later(
          () -> {
            try {
              flushAll();
            } finally {
              done.countDown();
            }
          },
          0);
      done.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.severe("request records could not be flushed at shutdown: " + e.getMessage());
    }
    if (ownThread != null) {
      ownThread.shutdown();
    }
    log.close();
  }
}
