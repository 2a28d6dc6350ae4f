package switchboard.access;

import io.vertx.core.Future;
import java.util.List;

/**
 * Storage port for the cost ledger and budget notifications; implemented in {@code store/}. {@link
 * #append} never blocks; the rest complete on the caller's context. Writes and reads are ordered: a
 * query sees every entry appended before it was made.
 */
public interface Ledger {

  /** Queues an entry for writing. */
  void append(LedgerEntry entry);

  /** Spend in USD by a key ({@code key:<id>}) or team ({@code team:<tag>}) since {@code fromMs}. */
  Future<Double> spend(String scope, long fromMs);

  /** Spend and tokens grouped as the query says. */
  Future<List<UsageRow>> usage(UsageQuery query);

  /** Stores a fired notification. */
  Future<Void> saveNotification(Notification notification);

  /** The latest notifications, newest first. */
  Future<List<Notification>> notifications(int limit);

  /** Notifications whose period started at or after {@code fromMs} (start-up dedupe). */
  Future<List<Notification>> notificationsSince(long fromMs);
}
