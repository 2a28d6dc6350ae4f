package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import switchboard.observe.Metrics;

class UsageRecorderTest {

  private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
  private final AtomicInteger scheduled = new AtomicInteger();
  private final UsageRecorder.Writer writer =
      (work, delay) -> {
        scheduled.incrementAndGet();
        thread.schedule(work, delay, TimeUnit.MILLISECONDS);
      };

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void recordsArrivingWithinTheLingerAreOneBatchAndOneWakeUp() {
    Log log = new Log(0);
    List<Runnable> later = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    UsageRecorder recorder =
        new UsageRecorder(
            log,
            1000,
            new Metrics(),
            (work, delay) -> {
              later.add(work);
              delays.add(delay);
            });
    for (int i = 0; i < 50; i++) {
      assertThat(recorder.record(record("r" + i))).isTrue();
    }
    assertThat(later).as("writes scheduled for 50 records").hasSize(1);
    assertThat(delays).containsExactly(UsageRecorder.LINGER_MILLIS);
    later.remove(0).run();
    assertThat(log.batches).hasSize(1);
    assertThat(log.ids()).hasSize(50);
    recorder.record(record("next"));
    assertThat(later).as("the next record schedules the next batch").hasSize(1);
  }

  @Test
  void aFailedBatchIsKeptAndWrittenLater() {
    Log log = new Log(2); // the first two attempts fail
    UsageRecorder recorder = new UsageRecorder(log, 1000, new Metrics(), writer);
    recorder.record(record("a"));
    recorder.record(record("b"));
    awaitWritten(log, 2);
    assertThat(log.ids()).containsExactly("a", "b");
    recorder.close();
  }

  @Test
  void closeWritesWhatIsQueuedAndRefusesMore() {
    Log log = new Log(0);
    UsageRecorder recorder = new UsageRecorder(log, 1000, new Metrics());
    recorder.record(record("x"));
    recorder.record(record("y"));
    recorder.close();
    assertThat(log.ids()).containsExactly("x", "y");
    assertThat(log.closed).isTrue();
    assertThat(recorder.record(record("z"))).isFalse();
    assertThat(recorder.dropped()).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsInsteadOfBlocking() {
    Log log = new Log(0);
    UsageRecorder recorder = new UsageRecorder(log, 2, new Metrics(), (work, delay) -> {});
    assertThat(recorder.record(record("1"))).isTrue();
    assertThat(recorder.record(record("2"))).isTrue();
    assertThat(recorder.record(record("3"))).isFalse();
    assertThat(recorder.dropped()).isEqualTo(1);
  }

  private static void awaitWritten(Log log, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.ids().size() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(log.ids()).hasSize(n);
  }

  /** A record with only its id set; built reflectively so that new fields need no change here. */
  static UsageRecord record(String id) {
    try {
      RecordComponent[] parts = UsageRecord.class.getRecordComponents();
      Class<?>[] types = new Class<?>[parts.length];
      Object[] values = new Object[parts.length];
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        values[i] = defaultOf(types[i]);
      }
      values[0] = id;
      Constructor<UsageRecord> c = UsageRecord.class.getDeclaredConstructor(types);
      return c.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object defaultOf(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == List.class) {
      return List.of();
    }
    return null;
  }

  /** A log that fails its first {@code failures} appends. */
  static final class Log implements UsageLog {
    final List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
    private int failures;
    volatile boolean closed;

    Log(int failures) {
      this.failures = failures;
    }

    @Override
    public void append(List<UsageRecord> batch) throws Exception {
      if (failures > 0) {
        failures--;
        throw new java.sql.SQLException("database is locked");
      }
      batches.add(List.copyOf(batch));
    }

    List<String> ids() {
      List<String> out = new ArrayList<>();
      batches.forEach(b -> b.forEach(r -> out.add(r.requestId())));
      return out;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
