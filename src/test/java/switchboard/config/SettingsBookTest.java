package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The typed accessor the caching and guardrail stages read. */
class SettingsBookTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final class MemoryStore implements SettingsStore {
    ObjectNode saved;

    @Override
    public Future<ObjectNode> load() {
      return Future.succeededFuture(saved);
    }

    @Override
    public Future<Void> save(ObjectNode sealed) {
      saved = sealed;
      return Future.succeededFuture();
    }
  }

  @Test
  void defaultsChangeWithEachSavedDocumentAndSecretsAreStoredSealed() throws Exception {
    MemoryStore store = new MemoryStore();
    SettingsBook book = new SettingsBook(null, store, new SecretBox(new byte[32]));
    assertThat(book.defaults()).isEqualTo(Defaults.NONE);
    assertThat(book.source()).isEqualTo("config");

    book.patch(
            JSON.readTree(
                "{\"auto_cache\":true,\"guardrails\":{\"injection\":\"block\","
                    + "\"injection_threshold\":0.8},\"webhooks\":[{\"url\":\"https://h.example/x\","
                    + "\"secret\":\"whsec-0123456789abcdef\"}]}"))
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    Defaults d = book.defaults();
    assertThat(d.autoCache()).isTrue();
    assertThat(d.guardrails()).isEqualTo(new Defaults.Guardrails("off", "block", 0.8));
    assertThat(d.cache()).isEqualTo(new Defaults.ResponseCache(false, 300));
    assertThat(book.webhooks().get(0).secret()).isEqualTo("whsec-0123456789abcdef");
    assertThat(book.source()).isEqualTo("admin");
    assertThat(store.saved.toString()).doesNotContain("whsec-0123456789abcdef").contains("enc:v1:");

    SettingsBook reloaded = new SettingsBook(null, store, new SecretBox(new byte[32]));
    reloaded.load().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(reloaded.defaults()).isEqualTo(d);
    assertThat(reloaded.webhooks()).isEqualTo(book.webhooks());
  }
}
