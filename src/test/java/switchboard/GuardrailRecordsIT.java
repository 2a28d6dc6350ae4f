package switchboard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** {@link GuardrailRecordsContract} on SQLite: the leak check reads every file of the data dir. */
class GuardrailRecordsIT extends GuardrailRecordsContract {

  @TempDir static Path data;

  @Override
  protected GatewayFixture start(Map<String, String> env) {
    return GatewayFixture.start(data, env);
  }

  @Override
  protected String everythingStored() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        // bytes as Latin-1: every raw value here is ASCII, found wherever SQLite put it
        all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return all.toString();
  }
}
