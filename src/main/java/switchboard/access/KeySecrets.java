package switchboard.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes key secrets and hashes them. A secret is {@code sk-sb-} and 43 URL-safe random characters
 * (256 bits); only {@code hmac-sha256:<hex>} of it, keyed with the server secret, is stored, so a
 * copy of the database alone cannot be used to test guesses offline. The server secret lives in
 * {@code <data>/keys.secret} (mode 0600), made on first start. Thread-safe.
 */
public final class KeySecrets {

  /** How many leading characters of a secret are shown to recognise it. */
  static final int PREFIX_LENGTH = 14;

  static final String HMAC = "hmac-sha256:";
  static final String SHA256 = "sha256:";

  private final SecretKeySpec serverKey;
  private final SecureRandom random = new SecureRandom();

  KeySecrets(byte[] serverSecret) {
    this.serverKey = new SecretKeySpec(serverSecret, "HmacSHA256");
  }

  /**
   * The server secret derived from the master key (HMAC-SHA256 of a fixed label), for nodes that
   * share a database: each computes the same hashes without a file to copy between them.
   */
  public static KeySecrets derived(String masterKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new KeySecrets(
          mac.doFinal("switchboard key hashing v1".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Loads {@code <data>/keys.secret}, creating it with mode 0600 when missing. Start-up only. */
  public static KeySecrets load(Path dataDir) throws IOException {
    Path file = dataDir.resolve("keys.secret");
    if (Files.isRegularFile(file)) {
      byte[] stored =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).trim());
      if (stored.length >= 32) {
        return new KeySecrets(stored);
      }
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.createDirectories(dataDir);
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(secret) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new KeySecrets(secret);
  }

  /** A new secret, shown once to whoever created the key. */
  String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "sk-sb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String prefix(String secret) {
    return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
  }

  /** The stored form of a secret: {@code hmac-sha256:<hex>}. */
  String hash(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(serverKey);
      return HMAC + HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** {@code sha256:<hex>}: the unkeyed digest a config file may give instead of a secret. */
  static String sha256(String secret) {
    try {
      return SHA256
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Constant-time comparison of two stored hashes. */
  static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
