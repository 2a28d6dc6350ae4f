package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

  @TempDir Path data;

  static KeySpec spec(String name, Long expires) {
    return new KeySpec(
        name,
        null,
        expires,
        List.of(),
        List.of(),
        List.of(),
        JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode(),
        null,
        null);
  }

  @Test
  void serverSecretIsPrivateAndStable() throws Exception {
    KeySecrets first = KeySecrets.load(data);
    Path file = data.resolve("keys.secret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    KeySecrets again = KeySecrets.load(data);
    assertThat(again.hash("sk-sb-abc")).isEqualTo(first.hash("sk-sb-abc"));
    assertThat(new KeySecrets(new byte[32]).hash("sk-sb-abc"))
        .isNotEqualTo(first.hash("sk-sb-abc"));
  }

  @Test
  void checksSecretsByKeyedHash() throws Exception {
    KeySecrets secrets = KeySecrets.load(data);
    KeyRing ring = new KeyRing(secrets);
    String secret = secrets.newSecret();
    assertThat(secret).startsWith("sk-sb-").hasSize(49);
    String hash = secrets.hash(secret);
    assertThat(hash).startsWith("hmac-sha256:").doesNotContain(secret.substring(6));
    ring.put(
        new GatewayKey(
            "key_1", KeySecrets.prefix(secret), hash, false, 0, 0, null, spec("app", 10_000L)));

    assertThat(ring.check(secret, 5_000)).isInstanceOf(KeyRing.Check.Ok.class);
    assertThat(((KeyRing.Check.Ok) ring.check(secret, 5_000)).caller().id()).isEqualTo("key_1");
    assertThat(ring.check(secret + "x", 5_000)).isInstanceOf(KeyRing.Check.Refused.class);
    assertThat(((KeyRing.Check.Refused) ring.check(secret, 10_000)).message()).contains("expired");

    GatewayKey revoked = ring.get("key_1").revokedAt(6_000);
    ring.put(revoked);
    assertThat(((KeyRing.Check.Refused) ring.check(secret, 7_000)).message()).contains("revoked");
  }

  @Test
  void rotationDropsTheOldHashAndDigestKeysWork() throws Exception {
    KeySecrets secrets = KeySecrets.load(data);
    KeyRing ring = new KeyRing(secrets);
    String old = secrets.newSecret();
    String next = secrets.newSecret();
    GatewayKey key =
        new GatewayKey("key_1", "p", secrets.hash(old), false, 0, 0, null, spec("app", null));
    ring.put(key);
    ring.put(key.withSecret("p2", secrets.hash(next), 1));
    assertThat(ring.check(old, 2)).isInstanceOf(KeyRing.Check.Refused.class);
    assertThat(ring.check(next, 2)).isInstanceOf(KeyRing.Check.Ok.class);

    ring.put(
        new GatewayKey(
            "cfg_ci",
            "(config)",
            KeySecrets.sha256("sk-sb-from-a-digest-1234"),
            true,
            0,
            0,
            null,
            spec("ci", null)));
    assertThat(ring.check("sk-sb-from-a-digest-1234", 2)).isInstanceOf(KeyRing.Check.Ok.class);
    assertThat(KeySecrets.sha256("abc"))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
