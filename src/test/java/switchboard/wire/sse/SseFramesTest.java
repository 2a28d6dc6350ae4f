package switchboard.wire.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFramesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1}",
        "{\n\"a\":1}",
        "line one\nline two\n\nline four",
        "",
        "trailing\n",
        "ünïcødé 🌍\nzweite Zeile"
      })
  void whatTheParserReadsBackIsTheDataThatWasFramed(String data) {
    List<SseEvent> events = new ArrayList<>();
    new SseParser().feed(SseFrames.of("message_delta", data), events::add);
    assertThat(events).containsExactly(new SseEvent("message_delta", data));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nb", "a\rb", "a\nb"})
  void everyLineBreakStartsANewDataField(String data) {
    String framed = SseFrames.of(null, data).toString(StandardCharsets.UTF_8);
    assertThat(framed).isEqualTo("data: a\ndata: b\n\n");
  }
}
