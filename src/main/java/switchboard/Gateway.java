package switchboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import switchboard.access.Counters;
import switchboard.access.Governor;
import switchboard.access.KeyRing;
import switchboard.access.KeySecrets;
import switchboard.access.KeyService;
import switchboard.access.Ledger;
import switchboard.access.WebhookSender;
import switchboard.admin.AdminApi;
import switchboard.admin.AnalyticsModule;
import switchboard.admin.ConfigModule;
import switchboard.admin.GuardrailsModule;
import switchboard.admin.HealthModule;
import switchboard.admin.KeysModule;
import switchboard.admin.PolicyModule;
import switchboard.admin.ProvidersModule;
import switchboard.admin.SettingsModule;
import switchboard.admin.StatusModule;
import switchboard.admin.UsageModule;
import switchboard.cache.AnswerStore;
import switchboard.cache.ResponseCache;
import switchboard.config.ConfigDocument;
import switchboard.config.ConfigLoader;
import switchboard.config.GatewayConfig;
import switchboard.config.MasterKey;
import switchboard.config.ProviderBook;
import switchboard.config.SecretBox;
import switchboard.config.Settings;
import switchboard.config.SettingsBook;
import switchboard.conversation.ResponseRetention;
import switchboard.dashboard.Dashboard;
import switchboard.guard.Guardrails;
import switchboard.http.ApiServer;
import switchboard.observe.Metrics;
import switchboard.observe.trace.RecordSpans;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;
import switchboard.provider.simulated.AnthropicSimulator;
import switchboard.provider.simulated.BedrockSimulator;
import switchboard.provider.simulated.GeminiSimulator;
import switchboard.provider.simulated.Simulator;
import switchboard.route.ActiveChecker;
import switchboard.route.Dispatcher;
import switchboard.route.HealthBoard;
import switchboard.route.HealthSync;
import switchboard.route.Planner;
import switchboard.route.PolicyBook;
import switchboard.route.PolicyCompiler;
import switchboard.route.TargetResolver;
import switchboard.store.Stores;
import switchboard.store.memory.MemoryCounters;
import switchboard.store.redis.RedisAnswerStore;
import switchboard.store.redis.RedisCounters;
import switchboard.store.redis.RedisHealthFeed;
import switchboard.store.redis.RedisRestartWatch;
import switchboard.store.redis.SharedState;
import switchboard.store.sqlite.SqliteUsageLog;
import switchboard.upstream.ModelLists;
import switchboard.upstream.UpstreamClient;
import switchboard.usage.Accounting;
import switchboard.usage.ModelInfo;
import switchboard.usage.PriceCatalog;
import switchboard.usage.TokenCounter;
import switchboard.usage.UsageRecorder;

/**
 * The one wiring class: builds every component with {@code new}, in dependency order, and owns the
 * lifecycle (start, drain, stop). No other class creates long-lived components.
 */
public final class Gateway {

  private final Vertx vertx;
  private final ApiServer api;
  private final UsageRecorder recorder;
  private final UpstreamClient upstream;
  private final Settings settings;
  private final String masterKey;
  private final GatewayConfig config;
  private ActiveChecker checker;
  private final Stores stores;
  private final WebhookSender webhooks;
  private RecordSpans traces;

  private Gateway(
      Vertx vertx,
      ApiServer api,
      UsageRecorder recorder,
      UpstreamClient upstream,
      Settings settings,
      String masterKey,
      GatewayConfig config,
      Stores stores,
      WebhookSender webhooks) {
    this.stores = stores;
    this.webhooks = webhooks;
    this.vertx = vertx;
    this.api = api;
    this.recorder = recorder;
    this.upstream = upstream;
    this.settings = settings;
    this.masterKey = masterKey;
    this.config = config;
  }

  /** Builds and starts a gateway; {@code out} receives the start-up lines. */
  public static Gateway start(Settings settings, Map<String, String> env, PrintStream out)
      throws Exception {
    return start(settings, env, out, Clock.systemUTC());
  }

  /**
   * Builds and starts a gateway whose budgets, rate limits, key expiry and ledger read time from
   * {@code clock} (tests move it to cross a budget period or a rate-limit window).
   */
  public static Gateway start(
      Settings settings, Map<String, String> env, PrintStream out, Clock clock) throws Exception {
    GatewayConfig config = ConfigLoader.load(settings.configFile(), env, settings.maxBodyBytes());
    int maxConnections = UpstreamClient.maxConnections(env); // a bad value fails before any start
    long headerTimeout = ApiServer.headerTimeoutMillis(env);
    switchboard.media.MediaSettings media = switchboard.media.MediaSettings.fromEnv(env);
    var contextCaches = switchboard.route.ContextCacheSettings.fromEnv(env);
    MasterKey.Loaded key = MasterKey.load(settings.masterKey(), settings.dataDir());
    LongSupplier nanos = System::nanoTime;
    Metrics metrics = new Metrics();
    PriceCatalog catalog =
        PriceCatalog.load(config.catalogOverrides()).withPrices(config.pricing().deployments());
    Path db = settings.dataDir().resolve("switchboard.db");
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    // ThreadLocalRandom.current() is one shared instance whose state is per thread: safe to pass.
    java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
    UpstreamClient upstream = new UpstreamClient(vertx, maxConnections);
    HealthBoard health = new HealthBoard(config.health(), nanos, metrics);
    Dispatcher dispatcher =
        new Dispatcher(vertx, upstream, health, random, metrics, media, contextCaches, clock);

    // Governance (issue 5): keys and the ledger in SQLite on their own thread; counters in memory,
    // or in Redis when nodes share them (issue 16).
    io.vertx.redis.client.Redis redis = SharedState.connect(vertx, env);
    String sharedPrefix = SharedState.prefix(env);
    Counters counters =
        redis == null ? new MemoryCounters() : new RedisCounters(redis, sharedPrefix);
    // Durable state (issue 16): the SQLite file, or PostgreSQL shared by every node.
    Stores stores = Stores.open(settings.databaseUrl(), db, clock);
    Ledger ledger = stores.ledger();
    metrics.gauge(
        "switchboard_store_queue_depth",
        "Database tasks (ledger, keys, request-record batches) waiting for the store's thread",
        stores::queueDepth);
    // Request records on the same thread and connection as the ledger: one writer, one wake-up
    // per batch (see UsageRecorder).
    UsageRecorder recorder =
        new UsageRecorder(stores.usageLog(), 100_000, metrics, stores.writer());
    TokenCounter tokens = new TokenCounter();
    WebhookSender webhooks = new WebhookSender(vertx, config.access().alerts(), clock);
    Governor governor =
        Governor.create(
            counters,
            ledger,
            catalog,
            tokens,
            config.pricing().markupPercent(),
            config.access(),
            webhooks,
            clock);
    // Nodes sharing a database hash key secrets alike: with the key from the shared master key.
    KeyRing keyRing =
        new KeyRing(
            stores.shared()
                ? KeySecrets.derived(key.value())
                : KeySecrets.load(settings.dataDir()));
    KeyService keys = new KeyService(keyRing, stores.keys(), governor, clock);
    await(keys.load(config.access().keys()).compose(v -> governor.start(keyRing.all())), 60);
    if (redis != null) {
      // A Redis that lost its data (restart, flush) gets the spend back from the ledger.
      new RedisRestartWatch(redis, sharedPrefix, () -> governor.seed(keyRing.all()))
          .start(vertx, 1000);
      // Open breakers and latency EWMAs swapped with the other nodes every 250 ms (issue 16).
      new HealthSync(health, new RedisHealthFeed(redis, sharedPrefix), clock::millis)
          .start(vertx, 250);
    }
    // The response cache: 64 MiB here, or shared in Redis (entries up to 1 MiB, reads 500 ms).
    AnswerStore answers =
        redis == null
            ? new ResponseCache(64L << 20, com.github.benmanes.caffeine.cache.Ticker.systemTicker())
            : new RedisAnswerStore(redis, sharedPrefix, 1 << 20, 500);
    Accounting accounting =
        new Accounting(
            catalog, recorder, metrics, nanos, config.pricing().markupPercent(), tokens, governor);
    // Traces (issue 12): OTLP over HTTP when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set.
    RecordSpans traces = RecordSpans.fromEnvironment(env);
    if (traces != null) {
      accounting.observe(traces);
    }
    // Prompts stay out of the request records unless SWITCHBOARD_LOG_PROMPTS=true (issue 12).
    accounting.promptLog(switchboard.usage.PromptLog.fromEnv(env));

    AtomicReference<ProviderRegistry> providers =
        new AtomicReference<>(new ProviderRegistry(List.of()));
    AtomicReference<Planner> planner =
        new AtomicReference<>(new Planner(providers.get(), config.timeouts()));
    AtomicReference<TargetResolver> resolver = new AtomicReference<>();
    Guardrails guardrails = Guardrails.defaults();
    Duration responseRetention = ResponseRetention.fromEnv(env);
    PolicyBook policies =
        new PolicyBook(
            config.policies(),
            stores.policies(),
            specs -> PolicyCompiler.compile(specs, resolver.get()),
            compiled -> planner.set(new Planner(resolver.get(), compiled, health, random)));
    // Providers (issue 12): the environment's and the file's, and those saved through the admin
    // API with their secrets sealed; a change builds a new registry and resolver, swapped at once.
    java.util.concurrent.atomic.AtomicInteger selfPort =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean providersLoaded =
        new java.util.concurrent.atomic.AtomicBoolean();
    SecretBox secrets =
        stores.shared() && env.get(SecretBox.ENV) == null
            ? SecretBox.derived(key.value()) // alike on every node sharing the database
            : SecretBox.load(env, settings.dataDir());
    ProviderBook providerBook =
        new ProviderBook(
            config.providers(),
            env,
            stores.providers(),
            secrets,
            (enabled, savedPolicies) -> {
              ProviderRegistry registry =
                  new ProviderRegistry(
                      ProviderFactory.providers(
                          enabled, config, selfPort.get(), settings.host(), catalog));
              TargetResolver next =
                  new TargetResolver(
                      registry,
                      id -> {
                        ModelInfo info = catalog.find(id);
                        return info == null ? 0 : info.contextWindow();
                      },
                      config.timeouts());
              switchboard.route.PolicySet compiled;
              try {
                compiled =
                    PolicyCompiler.compile(
                        savedPolicies == null ? policies.inForce() : policies.with(savedPolicies),
                        next);
              } catch (GatewayException e) {
                if (e.status() == 409 || savedPolicies != null) {
                  throw e;
                }
                if (!providersLoaded.get()) {
                  throw e; // a start-up error, in the file's own words
                }
                throw new GatewayException(
                    switchboard.pipeline.ErrorKind.INVALID_REQUEST,
                    409,
                    "The change would break a routing policy: " + e.getMessage(),
                    null,
                    "provider_in_use",
                    null);
              }
              return () -> {
                providers.set(registry);
                resolver.set(next);
                policies.adopt(savedPolicies, compiled);
              };
            });
    // Settings (issue 12): defaults, webhooks and price overrides; the file's until one is saved.
    SettingsBook settingsBook = new SettingsBook(config.settings(), stores.settings(), secrets);
    await(settingsBook.load(), 60);
    // The web dashboard (issue 13): one instance, its routes on every event loop's router.
    Dashboard dashboard = Dashboard.create(vertx, key.value(), clock);
    // The whole configuration as one document (GET/PUT /admin/v1/config).
    ConfigDocument document =
        new ConfigDocument(
            config.file(),
            providerBook,
            new ConfigDocument.Policies() {
              @Override
              public Map<String, com.fasterxml.jackson.databind.node.ObjectNode> fromFile() {
                return policies.fromFile();
              }

              @Override
              public Map<String, com.fasterxml.jackson.databind.node.ObjectNode> saved() {
                return policies.saved();
              }
            },
            settingsBook,
            () -> keys.list().stream().map(switchboard.access.KeyJson::write).toList(),
            stores.config());
    ApiServer api =
        new ApiServer(
            vertx,
            new ApiServer.Parts(
                key.value(),
                config.maxBodyBytes(),
                providers::get,
                RequestPath.stages(
                    planner::get,
                    governor,
                    dispatcher,
                    keyRing,
                    accounting,
                    config.pricing().markupPercent(),
                    guardrails,
                    settingsBook,
                    answers,
                    metrics),
                accounting,
                metrics,
                nanos,
                keyRing,
                governor,
                clock,
                new ModelLists(upstream, nanos),
                stores.responses(),
                responseRetention),
            router -> {
              if (config.sim().enabled()) {
                new Simulator(vertx, config.sim(), new java.util.Random()).mount(router);
                new AnthropicSimulator(vertx, config.sim(), new java.util.Random()).mount(router);
                new GeminiSimulator(vertx, config.sim(), new java.util.Random()).mount(router);
                new BedrockSimulator(vertx, config.sim(), new java.util.Random()).mount(router);
              }
              AdminApi.mount(
                  router,
                  key.value(),
                  List.of(
                      new StatusModule(providers::get, System.currentTimeMillis()),
                      new PolicyModule(policies, planner::get, health),
                      new HealthModule(health),
                      new ProvidersModule(providerBook, health, id -> providers.get().find(id)),
                      new SettingsModule(settingsBook),
                      new ConfigModule(document),
                      new KeysModule(keys),
                      new UsageModule(ledger, governor, keys, clock),
                      new AnalyticsModule(stores.analytics(), clock),
                      new GuardrailsModule(
                          guardrails, () -> settingsBook.defaults().guardrails().threshold())));
              dashboard.mount(router);
            });
    try {
      api.listen(settings.port(), settings.host(), loops, headerTimeout)
          .toCompletionStage()
          .toCompletableFuture()
          .get();
    } catch (Exception e) {
      recorder.close();
      stores.close();
      vertx.close();
      throw new IllegalStateException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + rootMessage(e), e);
    }
    // The simulators are reached over real HTTP on our own port, known only now.
    selfPort.set(api.port());
    try {
      for (String problem : providerBook.load().toCompletionStage().toCompletableFuture().get()) {
        out.println("Provider not loaded: " + problem);
      }
      providersLoaded.set(true);
      for (String problem : policies.load().toCompletionStage().toCompletableFuture().get()) {
        out.println("Policy not loaded: " + problem);
      }
    } catch (GatewayException | java.util.concurrent.ExecutionException e) {
      recorder.close();
      stores.close();
      vertx.close();
      throw new IllegalArgumentException(rootMessage(e), e);
    }
    Gateway gateway =
        new Gateway(
            vertx, api, recorder, upstream, settings, key.value(), config, stores, webhooks);
    // A change made through another node sharing the database applies here too (issue 16).
    stores.watchChanges(
        topic ->
            vertx.runOnContext(
                v -> {
                  switch (topic) {
                    case "keys" -> keys.reload();
                    case "policies" -> policies.reload();
                    case "providers" -> providerBook.load();
                    case "settings" -> settingsBook.load();
                    default -> {}
                  }
                }));
    gateway.checker = new ActiveChecker(vertx, health, providers::get, upstream, metrics);
    gateway.checker.start();
    gateway.announce(out, key, providers.get());
    gateway.traces = traces;
    if (traces != null) {
      out.println("Traces: " + RecordSpans.describe(env));
      out.flush();
    }
    return gateway;
  }

  /**
   * {@code switchboard demo-data}: fills the data directory's request log with {@code count}
   * synthetic records over the last {@code days} days (SPEC §4), roll-ups included.
   */
  public static switchboard.analytics.DemoLoad.Result demoData(
      java.nio.file.Path dataDir, long count, int days, java.io.PrintStream out) throws Exception {
    try (SqliteUsageLog log = SqliteUsageLog.open(dataDir.resolve("switchboard.db"))) {
      return switchboard.analytics.DemoLoad.run(
          log,
          count,
          days,
          System.currentTimeMillis(),
          new java.util.SplittableRandom(), // the generator thread's own (not ThreadLocalRandom)
          out);
    }
  }

  private void announce(PrintStream out, MasterKey.Loaded key, ProviderRegistry registry) {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    String base = "http://" + host + ":" + api.port();
    out.println("Switchboard API:       " + base + "/v1");
    out.println("Switchboard dashboard: " + base + "/");
    out.println(
        "Providers: " + String.join(", ", registry.all().stream().map(Provider::id).toList()));
    if (config.demo()) {
      out.println(
          "Demo mode: no provider is configured, so the built-in simulated providers serve"
              + " sim/* models (e.g. sim/gpt-4o-mini), and in Anthropic's, Gemini's and Bedrock's formats"
              + " sim-anthropic/*, sim-google/*, sim-bedrock/*. Set OPENAI_API_KEY or another provider key to use"
              + " real providers.");
    }
    if (key.generated()) {
      out.println("Master key (shown once, stored in " + key.file() + "): " + key.value());
    }
    out.flush();
  }

  public int port() {
    return api.port();
  }

  public String masterKey() {
    return masterKey;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /**
   * Drains and stops: refuses new connections, lets requests and streams in flight finish within
   * the grace period, flushes request records, closes everything.
   */
  public void stop() {
    try {
      api.drain(settings.drainGrace().toMillis())
          .toCompletionStage()
          .toCompletableFuture()
          .get(settings.drainGrace().toMillis() + 5000, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // grace period over: what is still in flight is cut when the event loops close
    }
    checker.stop();
    recorder.close();
    if (traces != null) {
      traces.close(); // exports the spans still queued
    }
    stores.close(); // writes the ledger entries still queued
    Future<Void> closed = upstream.close().eventually(webhooks::close).eventually(vertx::close);
    try {
      await(closed, 10);
    } catch (Exception ignored) {
      // closing at exit: nothing more to do
    }
  }

  /** Waits for {@code future} off the event loop (start-up and shutdown only). */
  private static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
