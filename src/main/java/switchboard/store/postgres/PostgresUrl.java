package switchboard.store.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code SWITCHBOARD_DATABASE_URL} read as a JDBC URL plus credentials: {@code
 * postgres://user:password@host:port/db?params} (also {@code postgresql://}), or a {@code
 * jdbc:postgresql://} URL as the driver takes it. {@link #safe} is for messages: never the
 * password.
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String safe) {

  public static PostgresUrl parse(String url) {
    String u = url.strip();
    if (u.startsWith("jdbc:postgresql:")) {
      return new PostgresUrl(u, null, null, redact(u.substring("jdbc:".length())));
    }
    if (!u.startsWith("postgres://") && !u.startsWith("postgresql://")) {
      throw new IllegalArgumentException(
          "SWITCHBOARD_DATABASE_URL must start with postgres://, postgresql:// or"
              + " jdbc:postgresql:// (got '"
              + redact(u)
              + "')");
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SWITCHBOARD_DATABASE_URL is not a valid URL: " + redact(u), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("SWITCHBOARD_DATABASE_URL names no host: " + redact(u));
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/" : uri.getRawPath();
    String jdbc =
        "jdbc:postgresql://"
            + host
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + db
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new PostgresUrl(jdbc, user, password, redact(u));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL with any password (user info or {@code password=} parameter) replaced. */
  static String redact(String url) {
    return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }
}
