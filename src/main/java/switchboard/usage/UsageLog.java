package switchboard.usage;

import java.util.List;

/**
 * Storage port for request records; implemented in {@code store/}. Called from the recorder's own
 * thread, never from an event loop, so implementations may block.
 */
public interface UsageLog extends AutoCloseable {

  /** Appends a batch atomically. Throws when it could not be written. */
  void append(List<UsageRecord> batch) throws Exception;

  @Override
  void close();
}
