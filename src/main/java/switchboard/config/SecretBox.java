package switchboard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept at rest (provider keys, webhook secrets) with AES-256-GCM. The key comes
 * from {@code SWITCHBOARD_SECRETS_KEY} (32 bytes, base64) or {@code <data>/secrets.key} (mode 0600,
 * made on first start). A sealed value is {@code enc:v1:<base64(nonce || ciphertext+tag)>}; the
 * context (say {@code providers.openai.api_key}) is bound as associated data, so a sealed value
 * copied into another field or row does not open. Thread-safe.
 */
public final class SecretBox {

  /** The environment variable that gives the key instead of the file. */
  public static final String ENV = "SWITCHBOARD_SECRETS_KEY";

  static final String PREFIX = "enc:v1:";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new ConfigException(
          ENV + ": must be 32 bytes, base64-encoded (openssl rand -base64 32)");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The key from the environment, else from the data dir (created when missing). Start-up only. */
  /**
   * The sealing key derived from the master key (HMAC-SHA256 of a fixed label), for nodes that
   * share a database and have no {@code SWITCHBOARD_SECRETS_KEY}: each opens what another sealed.
   */
  public static SecretBox derived(String masterKey) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              masterKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new SecretBox(
          mac.doFinal("switchboard secret sealing v1".getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  public static SecretBox load(Map<String, String> env, Path dataDir) throws IOException {
    String given = env.get(ENV);
    if (given != null && !given.isBlank()) {
      return new SecretBox(decode(given.strip(), ENV));
    }
    Path file = dataDir.resolve("secrets.key");
    if (Files.isRegularFile(file)) {
      return new SecretBox(
          decode(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString()));
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    Files.createDirectories(dataDir);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(fresh) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new SecretBox(fresh);
  }

  private static byte[] decode(String text, String where) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": not base64 (expected 32 random bytes, base64-encoded)");
    }
  }

  /**
   * Whether a stored value is sealed by this class (else it is held in clear, e.g. {@code ${VAR}}).
   */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** Seals {@code plain} for the field named by {@code context}. */
  public String seal(String plain, String context) {
    try {
      byte[] nonce = new byte[NONCE];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * Opens a value sealed for {@code context}; a wrong key, a tampered value or another field's
   * value fails with a message that names the field, never the value.
   */
  public String open(String sealed, String context) {
    if (!isSealed(sealed)) {
      throw new ConfigException(context + ": stored secret is not sealed");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException(
          context
              + ": the stored secret does not open with this secrets key (was "
              + ENV
              + " or secrets.key changed?)");
    }
  }
}
