package switchboard.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import switchboard.guard.injection.InjectionMode;
import switchboard.guard.pii.PiiMode;

class GuardModesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aLevelBelowCanTightenButNeverLoosen() throws Exception {
    GuardModes global = new GuardModes(PiiMode.REDACT, InjectionMode.FLAG);
    assertThat(global.tightenedBy(JSON.readTree("{\"pii\":\"off\",\"injection\":\"off\"}")))
        .isEqualTo(global);
    assertThat(global.tightenedBy(JSON.readTree("{\"pii\":\"block\"}")))
        .isEqualTo(new GuardModes(PiiMode.BLOCK, InjectionMode.FLAG));
    assertThat(global.tightenedBy(JSON.readTree("{\"injection\":\"block\"}")).injection())
        .isEqualTo(InjectionMode.BLOCK);
    assertThat(global.tightenedBy(null)).isEqualTo(global);
  }

  @Test
  void offOnlyWhenBothAreOff() {
    assertThat(GuardModes.OFF.off()).isTrue();
    assertThat(new GuardModes(PiiMode.MASK, InjectionMode.OFF).off()).isFalse();
    assertThat(new GuardModes(PiiMode.OFF, InjectionMode.FLAG).off()).isFalse();
  }
}
