package switchboard.analytics;

import java.util.List;
import switchboard.usage.UsageRecord;

/**
 * A request log that takes a bulk load: records appended without their roll-ups, and the roll-ups
 * merged once at the end (a million records touch only a few thousand roll-up rows).
 */
public interface BulkLog extends AutoCloseable {

  void appendRecordsOnly(List<UsageRecord> batch) throws Exception;

  void mergeRollups(Rollups rollups) throws Exception;

  @Override
  void close();
}
