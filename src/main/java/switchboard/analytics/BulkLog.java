package switchboard.analytics;

import java.util.List;
import switchboard.usage.UsageRecord;

/**
 * A request log that takes a bulk load: records appended with the roll-ups of the hours the loader
 * has finished so far (not per record: a million records touch only a few thousand roll-up rows,
 * and holding all of them in memory until the end does not fit a small heap).
 */
public interface BulkLog extends AutoCloseable {

  /** Prepares the store for a bulk load (e.g. relaxed durability); nothing by default. */
  default void bulkLoad() throws Exception {}

  /** Undoes {@link #bulkLoad}'s settings; nothing by default. */
  default void endBulkLoad() throws Exception {}

  /**
   * Appends {@code batch} and merges {@code rollups} (which may cover earlier batches, or be empty)
   * in one transaction.
   */
  void appendBulk(List<UsageRecord> batch, Rollups rollups) throws Exception;

  @Override
  void close();
}
