package switchboard.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GuardFindings;

class FindingsTest {

  @Test
  void countsEachValueByTypeAndKeepsTheActions() {
    Findings f = new Findings();
    f.type("EMAIL_ADDRESS");
    f.type("PHONE_NUMBER");
    f.type("EMAIL_ADDRESS");
    f.pii("redact");
    f.injection(0.8, "flag");
    GuardFindings done = f.done();
    assertThat(done.types()).isEqualTo(Map.of("EMAIL_ADDRESS", 2, "PHONE_NUMBER", 1));
    assertThat(done.actions()).containsExactly("flag", "redact");
    assertThat(done.json())
        .isEqualTo(
            "{\"action\":\"redact\",\"types\":{\"EMAIL_ADDRESS\":2,\"PHONE_NUMBER\":1},"
                + "\"injection\":{\"score\":0.8,\"action\":\"flag\"}}");
    assertThat(GuardFindings.parse(done.json())).isEqualTo(done);
  }

  @Test
  void nothingFoundIsNoFindings() {
    assertThat(new Findings().done()).isNull();
    Findings injectionOnly = new Findings();
    injectionOnly.injection(0.9, "block");
    assertThat(injectionOnly.done().json())
        .isEqualTo("{\"injection\":{\"score\":0.9,\"action\":\"block\"}}");
  }

  @Test
  void unreadableStoredFindingsAreNone() {
    assertThat(GuardFindings.parse(null)).isNull();
    assertThat(GuardFindings.parse("not json")).isNull();
    assertThat(GuardFindings.parse("[1]")).isNull();
  }
}
