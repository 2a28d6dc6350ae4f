package switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.access.GatewayKey;
import switchboard.access.KeySpec;
import switchboard.access.LedgerEntry;
import switchboard.access.Notification;
import switchboard.access.UsageQuery;
import switchboard.access.UsageRow;
import switchboard.analytics.Filter;
import switchboard.analytics.Grouping;
import switchboard.analytics.RequestPage;
import switchboard.config.ProviderStore;
import switchboard.conversation.StoredResponse;
import switchboard.model.Usage;
import switchboard.usage.Cost;
import switchboard.usage.UsageRecord;

/**
 * What every store does, whatever the database: run against the embedded SQLite file ({@code
 * SqliteStoresTest}) and against PostgreSQL ({@code PostgresStoresIT}) through the ports the
 * gateway uses.
 */
public abstract class StoresContract {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long NOW = 1_790_000_000_000L;
  protected static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  protected Stores stores;

  /** Opens fresh, empty stores. */
  protected abstract Stores open() throws Exception;

  /**
   * Reads one value from the database behind {@link #stores}, for checks the ports do not offer.
   */
  protected abstract long count(String sql) throws Exception;

  @BeforeEach
  void openStores() throws Exception {
    stores = open();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  static KeySpec spec(String name) {
    return new KeySpec(
        name, "ops", null, List.of("sim/*"), List.of(), List.of(), null, null, null, null);
  }

  @Test
  void keysAreSavedUpdatedAndRevoked() throws Exception {
    GatewayKey key =
        new GatewayKey("key_1", "sk-sb-abc", "hmac-sha256:01", false, NOW, NOW, null, spec("one"));
    await(stores.keys().save(key));
    await(stores.keys().save(key.revokedAt(NOW + 5)));
    List<GatewayKey> all = await(stores.keys().loadAll());
    assertThat(all).hasSize(1);
    assertThat(all.get(0).revokedMs()).isEqualTo(NOW + 5);
    assertThat(all.get(0).spec().name()).isEqualTo("one");
    assertThat(all.get(0).spec().models()).containsExactly("sim/*");
    assertThat(count("SELECT version FROM changes WHERE topic = 'keys'")).isEqualTo(2);
  }

  @Test
  void policiesProvidersAndSettingsRoundTrip() throws Exception {
    await(stores.policies().save("cheap", json("{\"type\":\"single\",\"target\":\"sim/a\"}")));
    await(stores.policies().save("cheap", json("{\"type\":\"single\",\"target\":\"sim/b\"}")));
    assertThat(await(stores.policies().loadAll()).get("cheap").path("target").asText())
        .isEqualTo("sim/b");
    assertThat(await(stores.policies().delete("cheap"))).isTrue();
    assertThat(await(stores.policies().delete("cheap"))).isFalse();
    assertThat(await(stores.policies().loadAll())).isEmpty();

    await(
        stores
            .providers()
            .save("acme", new ProviderStore.Row(json("{\"type\":\"openai\"}"), true)));
    await(stores.providers().save("openai", new ProviderStore.Row(null, false)));
    Map<String, ProviderStore.Row> rows = await(stores.providers().loadAll());
    assertThat(rows.get("acme").enabled()).isTrue();
    assertThat(rows.get("openai").spec()).isNull();
    assertThat(rows.get("openai").enabled()).isFalse();

    assertThat(await(stores.settings().load())).isNull();
    await(stores.settings().save(json("{\"defaults\":{\"timeout_ms\":5}}")));
    assertThat(await(stores.settings().load()).at("/defaults/timeout_ms").asInt()).isEqualTo(5);
    assertThat(count("SELECT version FROM changes WHERE topic = 'policies'")).isEqualTo(4);
  }

  @Test
  void anImportReplacesPoliciesAndSettingsInOneGo() throws Exception {
    await(stores.policies().save("old", json("{\"type\":\"single\",\"target\":\"sim/a\"}")));
    Map<String, ProviderStore.Row> providers = new LinkedHashMap<>();
    providers.put("acme", new ProviderStore.Row(json("{\"type\":\"openai\"}"), true));
    await(
        stores
            .config()
            .replace(
                providers,
                Map.of("new", json("{\"type\":\"single\",\"target\":\"sim/b\"}")),
                json("{\"defaults\":{}}")));
    assertThat(await(stores.policies().loadAll()).keySet()).containsExactly("new");
    assertThat(await(stores.providers().loadAll()).keySet()).containsExactly("acme");
    assertThat(await(stores.settings().load())).isNotNull();
  }

  @Test
  void theLedgerSumsSpendAndKeepsOneAlertPerThreshold() throws Exception {
    for (int i = 0; i < 5; i++) {
      stores
          .ledger()
          .append(
              new LedgerEntry(
                  "r" + i,
                  NOW + i,
                  "key_1",
                  i % 2 == 0 ? "team-a" : null,
                  "openai",
                  "gpt-4o",
                  new Usage(100, 10, 0, 50, 0),
                  new Cost(true, 0.25, 0, 0, 0.25),
                  false));
    }
    // a query sees every entry appended before it, batched or not
    assertThat(await(stores.ledger().spend("key:key_1", NOW))).isEqualTo(2.5);
    assertThat(await(stores.ledger().spend("team:team-a", NOW))).isEqualTo(1.5);
    List<UsageRow> rows =
        await(stores.ledger().usage(new UsageQuery("model", NOW, NOW + 10, null)));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).requests()).isEqualTo(5);
    assertThat(rows.get(0).inputTokens()).isEqualTo(500);
    Notification n = new Notification("n1", "key:key_1", "one", NOW, NOW + 100, 80, 2.0, 2.5, NOW);
    await(stores.ledger().saveNotification(n));
    await(
        stores
            .ledger()
            .saveNotification(
                new Notification("n2", "key:key_1", "one", NOW, NOW + 100, 80, 2.1, 2.5, NOW + 1)));
    assertThat(await(stores.ledger().notifications(10)))
        .extracting(Notification::id)
        .containsExactly("n1");
  }

  static UsageRecord record(String id, long ts, String tags) {
    return new UsageRecord(
        id,
        ts,
        "key_1",
        "chat",
        "sim/gpt-4o-mini",
        "sim",
        "gpt-4o-mini",
        200,
        null,
        false,
        40,
        12,
        new Usage(100, 0, 0, 20, 0),
        0.001,
        List.of(),
        tags,
        null,
        null,
        null,
        "sim/gpt-4o-mini",
        null,
        "miss",
        0.0,
        null,
        false,
        null,
        null);
  }

  @Test
  void requestRecordsAreWrittenOnceAndQueried() throws Exception {
    switchboard.usage.UsageLog log = stores.usageLog();
    List<UsageRecord> batch =
        List.of(
            record("a", NOW - 3000, "[\"prod\"]"),
            record("b", NOW - 2000, "[\"dev\"]"),
            record("c", NOW - 1000, null));
    java.util.concurrent.CompletableFuture<Void> written =
        new java.util.concurrent.CompletableFuture<>();
    stores
        .writer()
        .later(
            () -> {
              try {
                log.append(batch);
                log.append(
                    List.of(
                        batch.get(0))); // a repeated request id is not stored, nor counted, twice
                written.complete(null);
              } catch (Exception e) {
                written.completeExceptionally(e);
              }
            },
            0);
    written.get(30, TimeUnit.SECONDS);
    Filter day = Filter.range(NOW - 3_600_000, NOW + 1);
    assertThat(await(stores.analytics().figures(day, Grouping.ALL)).total().requests())
        .isEqualTo(3);
    Filter prod = day.with(switchboard.analytics.Dimension.TAG, "prod");
    assertThat(await(stores.analytics().figures(prod, Grouping.ALL)).total().requests())
        .isEqualTo(1);
    RequestPage page = await(stores.analytics().requests(day, 2, null));
    assertThat(page.data()).extracting(v -> v.id()).containsExactly("c", "b");
    assertThat(await(stores.analytics().request("a")).id()).isEqualTo("a");
    assertThat(count("SELECT SUM(requests) FROM request_rollups WHERE dim = ''")).isEqualTo(3);
  }

  @Test
  void storedResponsesExpire() throws Exception {
    await(
        stores
            .responses()
            .save(new StoredResponse("resp_1", "t1", NOW, NOW + 60_000, null, "[]", "{}")));
    await(
        stores
            .responses()
            .save(new StoredResponse("resp_2", "t1", NOW - 10, NOW - 1, null, "[]", "{}")));
    assertThat(await(stores.responses().find("t1", "resp_1"))).isPresent();
    assertThat(await(stores.responses().find("t2", "resp_1"))).isEqualTo(Optional.empty());
    assertThat(await(stores.responses().find("t1", "resp_2"))).isEmpty();
    assertThat(await(stores.responses().delete("t1", "resp_1"))).isTrue();
    assertThat(await(stores.responses().find("t1", "resp_1"))).isEmpty();
  }
}
