package switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.analytics.DemoData;
import switchboard.analytics.Dimension;
import switchboard.analytics.Figures;
import switchboard.analytics.Filter;
import switchboard.analytics.Grouping;
import switchboard.analytics.RequestFacts;
import switchboard.analytics.Rollups;
import switchboard.analytics.Tally;
import switchboard.usage.UsageRecord;

/**
 * The analytics against an exact computation over generated records: counts and sums equal,
 * percentiles within 1 % of the exact value at the same rank, for unaligned ranges, every filter,
 * two filters at once (read from the records), breakdowns and time series. The records are written
 * through the live path (records and roll-ups in one transaction per batch). Run on SQLite ({@code
 * AnalyticsCorrectnessTest}) and PostgreSQL ({@code PostgresAnalyticsCorrectnessIT}).
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
public abstract class AnalyticsCorrectnessContract {

  private static final long DAY = 86_400_000L;
  private static final long END = 1_796_000_000_000L;

  private final List<RequestFacts> FACTS = new ArrayList<>();
  private Connection connection;
  private Dialect dialect;

  /** Writes the batches through the live path; returns a connection to read them back. */
  protected abstract Connection write(List<List<UsageRecord>> batches) throws Exception;

  protected abstract Dialect dialect();

  @BeforeAll
  void load() throws Exception {
    List<UsageRecord> all = new ArrayList<>();
    new DemoData(new SplittableRandom(7)).generate(40_000, END - 3 * DAY, END, 997, all::addAll);
    List<List<UsageRecord>> batches = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 997) {
      batches.add(all.subList(i, Math.min(all.size(), i + 997)));
    }
    connection = write(batches);
    dialect = dialect();
    all.forEach(r -> FACTS.add(Rollups.facts(r)));
  }

  @org.junit.jupiter.api.AfterAll
  void closeConnection() throws Exception {
    connection.close();
  }

  @Test
  void demoDataCarriesEveryGuardrailAction() throws Exception {
    Tally t =
        SqliteAnalytics.figures(
            connection, dialect, new Filter(END - 3 * DAY, END, Map.of()), Grouping.ALL);
    assertThat(t.total().guard().guarded()).isPositive();
    for (String action : switchboard.analytics.GuardCounts.ACTIONS) {
      assertThat(t.total().guard().action(action)).as(action).isPositive();
    }
    assertThat(t.total().guard().types()).containsKeys("EMAIL_ADDRESS", "PHONE_NUMBER");
  }

  @Test
  void overviewOfUnalignedRangesWithEachFilterIsExact() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    String[][] filters = {
      {},
      {"key", "key_web"},
      {"model", "anthropic/claude-sonnet-4-5"},
      {"provider", "google"},
      {"policy", "cheap"},
      {"tag", "prod"},
      {"status", "error"},
      {"status", "200"},
      {"status", "4xx"},
      {"key", "key_batch", "tag", "team-search"},
      {"provider", "openai", "status", "ok"}
    };
    for (String[] f : filters) {
      for (int i = 0; i < 4; i++) {
        long from = END - 3 * DAY + random.nextLong(DAY);
        long to = from + random.nextLong(2 * DAY);
        Filter filter = Filter.range(from, to);
        for (int k = 0; k < f.length; k += 2) {
          filter = filter.with(Dimension.byLabel(f[k]), f[k + 1]);
        }
        Figures got = SqliteAnalytics.figures(connection, dialect, filter, Grouping.ALL).total();
        Filter fl = filter;
        assertSame(got, FACTS.stream().filter(fl::accepts).toList(), Arrays.toString(f));
      }
    }
  }

  @Test
  void breakdownsMatchEveryValue() throws Exception {
    for (Dimension d : Dimension.values()) {
      Filter filter = Filter.range(END - 2 * DAY - 1234, END - 5678);
      Map<String, Figures> got =
          SqliteAnalytics.figures(connection, dialect, filter, new Grouping.By(d)).rows();
      Map<String, List<RequestFacts>> exact = new TreeMap<>();
      FACTS.stream()
          .filter(filter::accepts)
          .forEach(
              r ->
                  r.values(d)
                      .forEach(v -> exact.computeIfAbsent(v, k -> new ArrayList<>()).add(r)));
      assertThat(got.keySet()).as(d.label()).isEqualTo(exact.keySet());
      exact.forEach((v, list) -> assertSame(got.get(v), list, d.label() + "=" + v));
    }
    // a breakdown filtered by another dimension is read from the records
    Filter byTag = Filter.range(END - 2 * DAY, END).with(Dimension.TAG, "prod");
    Map<String, Figures> got =
        SqliteAnalytics.figures(connection, dialect, byTag, new Grouping.By(Dimension.MODEL))
            .rows();
    for (Map.Entry<String, Figures> e : got.entrySet()) {
      assertSame(
          e.getValue(),
          FACTS.stream().filter(byTag::accepts).filter(r -> r.model().equals(e.getKey())).toList(),
          "model=" + e.getKey());
    }
  }

  @Test
  void timeSeriesBucketsMatch() throws Exception {
    for (long bucket : new long[] {60_000L, 3_600_000L, DAY}) {
      Filter filter = Filter.range(END - DAY - 777_777, END - 4321);
      Tally t = SqliteAnalytics.figures(connection, dialect, filter, new Grouping.Buckets(bucket));
      Grouping.Buckets b = new Grouping.Buckets(bucket);
      Map<Long, List<RequestFacts>> exact = new TreeMap<>();
      FACTS.stream()
          .filter(filter::accepts)
          .forEach(
              r ->
                  exact
                      .computeIfAbsent(b.start(r.timestampMillis()), k -> new ArrayList<>())
                      .add(r));
      assertThat(t.buckets().keySet()).containsAll(exact.keySet());
      t.buckets()
          .forEach(
              (start, f) ->
                  assertSame(f, exact.getOrDefault(start, List.of()), bucket + "@" + start));
    }
  }

  private void assertSame(Figures got, List<RequestFacts> exact, String what) {
    Figures want = new Figures();
    exact.forEach(want::add);
    assertThat(got.requests()).as(what + " requests").isEqualTo(exact.size());
    assertThat(got.errors())
        .as(what + " errors")
        .isEqualTo(exact.stream().filter(r -> r.status() >= 400).count());
    assertThat(got.inputTokens())
        .as(what)
        .isEqualTo(exact.stream().mapToLong(RequestFacts::inputTokens).sum());
    assertThat(got.cachedTokens())
        .as(what)
        .isEqualTo(exact.stream().mapToLong(RequestFacts::cachedTokens).sum());
    assertThat(got.outputTokens())
        .as(what)
        .isEqualTo(exact.stream().mapToLong(RequestFacts::outputTokens).sum());
    assertThat(got.reasoningTokens())
        .as(what)
        .isEqualTo(exact.stream().mapToLong(RequestFacts::reasoningTokens).sum());
    assertThat(got.costNanoUsd())
        .as(what + " cost")
        .isEqualTo(exact.stream().mapToLong(r -> Figures.nanos(r.costUsd())).sum());
    assertThat(got.failovers())
        .as(what)
        .isEqualTo(exact.stream().filter(r -> r.served() && r.failover()).count());
    assertThat(got.served())
        .as(what)
        .isEqualTo(exact.stream().filter(RequestFacts::served).count());
    assertThat(got.cacheHits())
        .as(what)
        .isEqualTo(exact.stream().filter(r -> "hit".equals(r.cache())).count());
    assertThat(got.savingsUsd()).as(what).isEqualTo(want.savingsUsd());
    assertThat(got.guard().guarded())
        .as(what + " guarded")
        .isEqualTo(exact.stream().filter(r -> r.guard() != null).count());
    for (String action : switchboard.analytics.GuardCounts.ACTIONS) {
      assertThat(got.guard().action(action))
          .as(what + " " + action)
          .isEqualTo(
              exact.stream()
                  .filter(r -> r.guard() != null && r.guard().actions().contains(action))
                  .count());
    }
    Map<String, Long> types = new TreeMap<>();
    exact.stream()
        .filter(r -> r.guard() != null)
        .forEach(r -> r.guard().types().forEach((t, n) -> types.merge(t, (long) n, Long::sum)));
    assertThat(got.guard().types()).as(what + " types").isEqualTo(types);
    assertPercentiles(
        got.latency().count() == 0 ? null : got,
        exact.stream().mapToLong(RequestFacts::latencyMillis).toArray(),
        true,
        what);
    assertPercentiles(
        got,
        exact.stream().mapToLong(RequestFacts::ttftMillis).filter(v -> v >= 0).toArray(),
        false,
        what);
  }

  private static void assertPercentiles(Figures got, long[] values, boolean latency, String what) {
    if (values.length == 0) {
      return;
    }
    Arrays.sort(values);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      long exact = values[(int) Math.floor(q * (values.length - 1))];
      double estimate = (latency ? got.latency() : got.ttft()).quantile(q);
      assertThat(Math.abs(estimate - exact))
          .as(
              "%s %s p%s: %s vs exact %s",
              what, latency ? "latency" : "ttft", q * 100, estimate, exact)
          .isLessThanOrEqualTo(0.01 * exact);
    }
  }
}
