package switchboard.provider.bedrock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for header-signed requests, our own ~120 lines instead of the AWS SDK
 * (which would pull in its HTTP and credentials framework for one function). Pure: the time is a
 * parameter. Checked against AWS's published test suite (get-vanilla, post-vanilla, …).
 *
 * <p>The canonical URI is the request's path as sent, URI-encoded once more per segment: the rule
 * for every service but S3, so a model id sent as {@code anthropic.claude-v1%3A0} is signed as
 * {@code anthropic.claude-v1%253A0}.
 */
public final class SigV4 {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private SigV4() {}

  /**
   * Signs a request. {@code host} is signed from {@code uri} (with its port when it is not the
   * scheme's default), which is what HTTP clients send; it is not in the result, since the
   * transport sets it.
   *
   * @param headers the headers to send and sign (e.g. {@code content-type}); names in any case
   * @return the headers to send: {@code headers} plus {@code x-amz-date}, {@code
   *     x-amz-security-token} (when the credentials have a session token) and {@code authorization}
   */
  public static Map<String, String> sign(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      Credentials c,
      String region,
      String service) {
    String stamp = STAMP.format(now);
    Map<String, String> out = new LinkedHashMap<>(headers);
    out.put("x-amz-date", stamp);
    if (c.sessionToken() != null && !c.sessionToken().isEmpty()) {
      out.put("x-amz-security-token", c.sessionToken());
    }
    TreeMap<String, String> signed = new TreeMap<>();
    for (Map.Entry<String, String> h : out.entrySet()) {
      signed.merge(h.getKey().toLowerCase(Locale.ROOT), trim(h.getValue()), (a, b) -> a + "," + b);
    }
    signed.put("host", host(uri));
    String signedNames = String.join(";", signed.keySet());
    String scope = stamp.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + stamp
            + "\n"
            + scope
            + "\n"
            + sha256Hex(
                canonicalRequest(method, uri, signed, body).getBytes(StandardCharsets.UTF_8));
    byte[] key =
        hmac(
            ("AWS4" + c.secretAccessKey()).getBytes(StandardCharsets.UTF_8), stamp.substring(0, 8));
    key = hmac(hmac(hmac(key, region), service), "aws4_request");
    String signature = HEX.formatHex(hmac(key, toSign));
    out.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential="
            + c.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedNames
            + ", Signature="
            + signature);
    return out;
  }

  /** The canonical request; {@code headers} are lower-cased, trimmed and sorted, host included. */
  static String canonicalRequest(
      String method, URI uri, TreeMap<String, String> headers, byte[] body) {
    StringBuilder out = new StringBuilder();
    out.append(method.toUpperCase(Locale.ROOT)).append('\n');
    out.append(canonicalUri(uri.getRawPath())).append('\n');
    out.append(canonicalQuery(uri.getRawQuery())).append('\n');
    headers.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
    out.append('\n').append(String.join(";", headers.keySet())).append('\n');
    out.append(sha256Hex(body == null ? new byte[0] : body));
    return out.toString();
  }

  /** The path as sent, each segment URI-encoded again (non-S3 rule); "/" when empty. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(encode(segment));
    }
    return String.join("/", segments);
  }

  /** Parameters sorted by encoded name then value, each encoded with AWS's rules. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      out.append(out.isEmpty() ? "" : "&").append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** AWS URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex). */
  public static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** The Host header value an HTTP client sends for {@code uri}. */
  static String host(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || port == 443 && "https".equalsIgnoreCase(uri.getScheme())
            || port == 80 && "http".equalsIgnoreCase(uri.getScheme());
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String trim(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
