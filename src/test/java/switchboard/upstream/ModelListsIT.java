package switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.provider.ModelLister;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;

/**
 * Model lists fetched over loopback HTTP, cached, refreshed when stale, kept when a fetch fails.
 */
class ModelListsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private HttpServer server;
  private UpstreamClient client;
  private final AtomicInteger hits = new AtomicInteger();
  private volatile int status = 200;
  private volatile List<String> served = List.of("m-1", "m-2");
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  hits.incrementAndGet();
                  ObjectNode body = JSON.createObjectNode();
                  served.forEach(id -> body.withArray("data").addObject().put("id", id));
                  req.response().setStatusCode(status).end(body.toString());
                });
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    client = new UpstreamClient(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close();
  }

  @Test
  void fetchesOnceThenServesTheCacheUntilItIsStale() throws Exception {
    ModelLists lists = new ModelLists(client, now::get);
    Lister provider = new Lister(server.actualPort());
    assertThat(get(lists, provider)).containsExactly("m-1", "m-2");
    assertThat(get(lists, provider)).containsExactly("m-1", "m-2");
    assertThat(hits.get()).isEqualTo(1);

    served = List.of("m-3");
    now.addAndGet(ModelLists.FRESH.toNanos() + 1);
    // Stale: the old list is served at once while the refresh runs.
    assertThat(get(lists, provider)).containsExactly("m-1", "m-2");
    awaitHits(2);
    awaitList(lists, provider, List.of("m-3")); // the refresh lands without another fetch
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void aFailedFetchKeepsTheOldListAndIsRetriedLater() throws Exception {
    ModelLists lists = new ModelLists(client, now::get);
    Lister provider = new Lister(server.actualPort());
    assertThat(get(lists, provider)).containsExactly("m-1", "m-2");
    status = 500;
    now.addAndGet(ModelLists.FRESH.toNanos() + 1);
    get(lists, provider);
    awaitHits(2);
    Thread.sleep(100); // let the failed fetch settle
    assertThat(get(lists, provider)).containsExactly("m-1", "m-2");
    assertThat(hits.get()).isEqualTo(2); // not retried before RETRY has passed
    now.addAndGet(ModelLists.RETRY.toNanos() + 1);
    status = 200;
    served = List.of("m-4");
    awaitList(lists, provider, List.of("m-4")); // retried once RETRY has passed
    assertThat(hits.get()).isEqualTo(3);
  }

  @Test
  void aProviderWithoutAListContributesNothing() throws Exception {
    ModelLists lists = new ModelLists(client, now::get);
    assertThat(get(lists, new NoList())).isEmpty();
    assertThat(hits.get()).isZero();
  }

  private void awaitHits(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (hits.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(hits.get()).isEqualTo(n);
  }

  /** Waits (bounded) until the served list is {@code expected}. */
  private static void awaitList(ModelLists lists, Provider p, List<String> expected)
      throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!get(lists, p).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(get(lists, p)).isEqualTo(expected);
  }

  private static List<String> get(ModelLists lists, Provider p) throws Exception {
    return lists.of(p).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A provider whose model list is at a loopback port. */
  private static class Lister extends NoList implements ModelLister {
    private final int port;

    Lister(int port) {
      this.port = port;
    }

    @Override
    public UpstreamRequest listModels() {
      return new UpstreamRequest(
          HttpMethod.GET, "http://127.0.0.1:" + port + "/v1/models", Map.of(), null);
    }

    @Override
    public List<String> readModels(Buffer body) {
      List<String> out = new ArrayList<>();
      new io.vertx.core.json.JsonObject(body)
          .getJsonArray("data")
          .forEach(m -> out.add(((io.vertx.core.json.JsonObject) m).getString("id")));
      return out;
    }
  }

  private static class NoList implements Provider {
    @Override
    public String id() {
      return "lister";
    }

    @Override
    public String vendor() {
      return "custom";
    }

    @Override
    public UpstreamRequest chat(ObjectNode body, String model, boolean stream) {
      throw new UnsupportedOperationException();
    }

    @Override
    public UpstreamError classify(int status, MultiMap headers, Buffer body) {
      throw new UnsupportedOperationException();
    }

    @Override
    public UpstreamError classifyInBand(com.fasterxml.jackson.databind.JsonNode error) {
      throw new UnsupportedOperationException();
    }
  }
}
