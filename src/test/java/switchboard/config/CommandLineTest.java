package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  @TempDir Path dir;

  private static Settings parse(Map<String, String> env, String... args) {
    return CommandLine.parse(args, env);
  }

  @Test
  void defaultsWhenNothingIsGiven() {
    Settings s = parse(Map.of());

    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.masterKey()).isNull();
    assertThat(s.databaseUrl()).isNull();
    assertThat(s.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(s.drainGrace()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void noConfigFileWhenNoneIsGivenOrPresent() {
    assumeFalse(Files.exists(Path.of("switchboard.yaml")), "a switchboard.yaml sits in the cwd");

    assertThat(parse(Map.of()).configFile()).isNull();
  }

  @Test
  void environmentIsUsed() throws Exception {
    Path config = Files.writeString(dir.resolve("sb.yaml"), "providers: {}\n");

    Settings s =
        parse(
            Map.of(
                "SWITCHBOARD_PORT", "9000",
                "SWITCHBOARD_HOST", "0.0.0.0",
                "SWITCHBOARD_CONFIG", config.toString(),
                "SWITCHBOARD_DATA", "/var/lib/sb",
                "SWITCHBOARD_MASTER_KEY", "  sk-master  ",
                "SWITCHBOARD_MAX_BODY_BYTES", "1024",
                "SWITCHBOARD_DRAIN_SECONDS", "5"));

    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.configFile()).isEqualTo(config);
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/sb"));
    assertThat(s.masterKey()).isEqualTo("sk-master");
    assertThat(s.maxBodyBytes()).isEqualTo(1024);
    assertThat(s.drainGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void optionsBeatTheEnvironment() throws Exception {
    Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "");
    Path fromOption = Files.writeString(dir.resolve("opt.yaml"), "");
    Map<String, String> env =
        Map.of(
            "SWITCHBOARD_PORT",
            "9000",
            "SWITCHBOARD_HOST",
            "0.0.0.0",
            "SWITCHBOARD_CONFIG",
            fromEnv.toString(),
            "SWITCHBOARD_DATA",
            "env-data");

    Settings s =
        parse(
            env,
            "serve",
            "--port",
            "9100",
            "--host",
            "::1",
            "--config",
            fromOption.toString(),
            "--data",
            "opt-data");

    assertThat(s.port()).isEqualTo(9100);
    assertThat(s.host()).isEqualTo("::1");
    assertThat(s.configFile()).isEqualTo(fromOption);
    assertThat(s.dataDir()).isEqualTo(Path.of("opt-data"));
  }

  @Test
  void equalsFormIsAccepted() {
    Settings s =
        parse(Map.of("SWITCHBOARD_PORT", "9000"), "--port=0", "--host=localhost", "--data=x=y");

    assertThat(s.port()).isZero();
    assertThat(s.host()).isEqualTo("localhost");
    assertThat(s.dataDir()).isEqualTo(Path.of("x=y"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "65536", "80.5", ""})
  void badPortIsRefused(String port) {
    assertThatThrownBy(() -> parse(Map.of(), "--port=" + port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid port: " + port);
  }

  @Test
  void badPortFromTheEnvironmentIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("SWITCHBOARD_PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid port: http");
  }

  @Test
  void unknownOptionIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option: --verbose");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "1", "serve"))
        .hasMessage("unknown option: serve");
    assertThatThrownBy(() -> parse(Map.of(), "--prt=80")).hasMessage("unknown option: --prt=80");
  }

  @Test
  void missingValueIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "serve", "--data")).hasMessage("--data needs a value");
  }

  @Test
  void missingConfigFileIsRefused() {
    String missing = dir.resolve("nope.yaml").toString();

    assertThatThrownBy(() -> parse(Map.of(), "--config", missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config file not found: " + missing);
  }

  @Test
  void badNumbersInTheEnvironmentAreNamed() {
    assertThatThrownBy(() -> parse(Map.of("SWITCHBOARD_MAX_BODY_BYTES", "32MB")))
        .hasMessage("invalid SWITCHBOARD_MAX_BODY_BYTES: 32MB");
    assertThatThrownBy(() -> parse(Map.of("SWITCHBOARD_DRAIN_SECONDS", "-3")))
        .hasMessage("invalid SWITCHBOARD_DRAIN_SECONDS: -3");
  }

  @Test
  void blankEnvironmentValuesMeanUnset() {
    Settings s =
        parse(
            Map.of(
                "SWITCHBOARD_HOST",
                " ",
                "SWITCHBOARD_MASTER_KEY",
                " ",
                "SWITCHBOARD_DATABASE_URL",
                "",
                "SWITCHBOARD_MAX_BODY_BYTES",
                ""));

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.masterKey()).isNull();
    assertThat(s.databaseUrl()).isNull();
    assertThat(s.maxBodyBytes()).isEqualTo(Settings.DEFAULT_MAX_BODY_BYTES);
  }
}
