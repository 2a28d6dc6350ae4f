package switchboard.access;

/**
 * Who sent a request: the master key (unlimited, every model) or a gateway key.
 *
 * @param key null for the master key
 */
public record Caller(GatewayKey key) {

  public static final Caller MASTER = new Caller(null);

  /** Who sent the request, as authenticated; put on the exchange when it is read. */
  public static final switchboard.pipeline.Exchange.Slot<Caller> SLOT =
      new switchboard.pipeline.Exchange.Slot<>("caller");

  public boolean master() {
    return key == null;
  }

  /** The id recorded with the request: {@code master} or the key's id. */
  public String id() {
    return key == null ? "master" : key.id();
  }
}
