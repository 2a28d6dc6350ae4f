package switchboard.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import switchboard.access.KeyStore;
import switchboard.access.Ledger;
import switchboard.analytics.AnalyticsStore;
import switchboard.config.ConfigStore;
import switchboard.config.ProviderStore;
import switchboard.config.SettingsStore;
import switchboard.conversation.ResponseStore;
import switchboard.route.PolicyStore;
import switchboard.store.postgres.ChangeWatch;
import switchboard.store.postgres.PostgresDatabase;
import switchboard.store.sqlite.SqliteAnalytics;
import switchboard.store.sqlite.SqliteConfigStore;
import switchboard.store.sqlite.SqliteKeyStore;
import switchboard.store.sqlite.SqliteLedger;
import switchboard.store.sqlite.SqlitePolicyStore;
import switchboard.store.sqlite.SqliteProviderStore;
import switchboard.store.sqlite.SqliteResponseStore;
import switchboard.store.sqlite.SqliteSettingsStore;
import switchboard.store.sqlite.SqliteUsageLog;
import switchboard.store.sqlite.SqliteWorker;
import switchboard.usage.UsageLog;
import switchboard.usage.UsageRecorder;

/**
 * The node's durable stores, on the embedded SQLite file or on a shared PostgreSQL database ({@code
 * SWITCHBOARD_DATABASE_URL}): the same store classes and SQL, on database threads whose connections
 * come from the file or from the pool. Each group has a thread of its own so none waits behind
 * another: access (keys, ledger, request records, providers, settings, imports), policies, stored
 * responses, and the analytics reads.
 */
public final class Stores implements AutoCloseable {

  private final PostgresDatabase postgres; // null: SQLite
  private final String where;
  private final SqliteWorker access;
  private final SqlitePolicyStore policies;
  private final SqliteResponseStore responses;
  private final SqliteAnalytics analytics;
  private final SqliteLedger ledger;
  private ChangeWatch watch;

  private Stores(
      PostgresDatabase postgres,
      String where,
      SqliteWorker access,
      SqlitePolicyStore policies,
      SqliteResponseStore responses,
      SqliteAnalytics analytics) {
    this.postgres = postgres;
    this.where = where;
    this.access = access;
    this.policies = policies;
    this.responses = responses;
    this.analytics = analytics;
    this.ledger = new SqliteLedger(access);
  }

  /**
   * Opens the stores: PostgreSQL when {@code databaseUrl} is set (connected and migrated, or an
   * exception naming the URL without its password), else the SQLite file {@code sqliteFile}.
   */
  public static Stores open(String databaseUrl, Path sqliteFile, Clock clock) throws Exception {
    if (databaseUrl == null || databaseUrl.isBlank()) {
      return new Stores(
          null,
          "SQLite " + sqliteFile,
          SqliteWorker.open(sqliteFile),
          SqlitePolicyStore.open(sqliteFile),
          SqliteResponseStore.open(sqliteFile, clock),
          SqliteAnalytics.open(sqliteFile));
    }
    PostgresDatabase pg = PostgresDatabase.open(databaseUrl);
    return new Stores(
        pg,
        "PostgreSQL " + pg.describe(),
        pg.worker("pg-access"),
        SqlitePolicyStore.on(pg.worker("pg-policies")),
        SqliteResponseStore.on(pg.worker("pg-responses"), clock),
        SqliteAnalytics.on(pg.worker("pg-analytics")));
  }

  /** True when other nodes may share these stores (PostgreSQL). */
  public boolean shared() {
    return postgres != null;
  }

  /** Where the data lives, without secrets: for the start-up lines. */
  public String describe() {
    return where;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The request log, written by the recorder on {@link #writer()}'s thread only. */
  public UsageLog usageLog() {
    return SqliteUsageLog.on(access);
  }

  /** Database tasks waiting for the access thread: a growing figure means the store lags. */
  public int queueDepth() {
    return access.queueDepth();
  }

  /** The access thread, where request records are written beside the ledger. */
  public UsageRecorder.Writer writer() {
    return access::executeLater;
  }

  public KeyStore keys() {
    return new SqliteKeyStore(access);
  }

  public ProviderStore providers() {
    return new SqliteProviderStore(access);
  }

  public SettingsStore settings() {
    return new SqliteSettingsStore(access);
  }

  public ConfigStore config() {
    return new SqliteConfigStore(access);
  }

  public PolicyStore policies() {
    return policies;
  }

  public ResponseStore responses() {
    return responses;
  }

  public AnalyticsStore analytics() {
    return analytics;
  }

  /**
   * On a shared database, reports each configuration topic changed through any node ({@code keys},
   * {@code policies}, {@code providers}, {@code settings}); on SQLite, nothing.
   */
  public void watchChanges(Consumer<String> changed) {
    if (postgres != null) {
      watch = postgres.watch(changed);
    }
  }

  /**
   * Closes everything, writing what is still queued first; call after the usage recorder closed.
   */
  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    policies.close();
    responses.close();
    analytics.close();
    access.close(); // writes the ledger entries still queued
    if (postgres != null) {
      postgres.close();
    }
  }
}
