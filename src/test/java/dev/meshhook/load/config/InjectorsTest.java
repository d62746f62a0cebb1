package dev.meshhook.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.settings.ConfigError;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InjectorsTest {
  private static final Map<String, Object> SHARED =
      Map.of(
          "injectors.count", 3,
          "injectors.runTag", "20261202T120000abcd",
          "target.url", "http://127.0.0.1:8080",
          "target.jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/meshhook",
          "target.webhookSecret", "s3cret");

  private static Injectors with(Map<String, ?> overrides) {
    Map<String, Object> all = new HashMap<>(SHARED);
    all.putAll(overrides);
    return SuiteConfig.from(
            ConfigFactory.parseMap(all)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve())
        .injectors();
  }

  @Test
  void theSharesOfARateAddUpToIt() {
    double sum = IntStream.range(0, 3).mapToDouble(i -> new Injectors(3, i, "t", 0).rate(50)).sum();
    assertThat(sum).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(new Injectors(3, 0, "t", 0).rate(50)).isEqualTo(50 / 3.0);
  }

  @Test
  void usersAreSplitInWholeUsersThatAddUpTheLowestIndexesTakingTheRemainder() {
    assertThat(IntStream.range(0, 3).map(i -> new Injectors(3, i, "t", 0).users(10)))
        .containsExactly(4, 3, 3);
    assertThat(IntStream.range(0, 4).map(i -> new Injectors(4, i, "t", 0).users(2)))
        .containsExactly(1, 1, 0, 0);
  }

  @Test
  void aloneTheWholeLoadAndTheReportsFolderAsItIs() {
    Injectors alone = Injectors.ALONE;
    assertThat(alone.shared()).isFalse();
    assertThat(alone.rate(50)).isEqualTo(50);
    assertThat(alone.users(7)).isEqualTo(7);
    assertThat(alone.runsIn(Path.of("reports"))).isEqualTo(Path.of("reports"));
  }

  @Test
  void oneOfSeveralWritesUnderTheRunTagAndItsIndex() {
    Injectors second = with(Map.of("injectors.index", 1));
    assertThat(second.shared()).isTrue();
    assertThat(second.runsIn(Path.of("reports")))
        .isEqualTo(Path.of("reports", "20261202T120000abcd", "injector-1"));
  }

  @Test
  void badSettingsNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> with(Map.of("injectors.runTag", "")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("config error: injectors.runTag = '' is not allowed");
    assertThatThrownBy(() -> with(Map.of("injectors.index", 3)))
        .isInstanceOf(ConfigError.class)
        .hasMessage(
            "config error: injectors.index = '3' is not allowed; expected an integer from 0 to 2"
                + " (injectors.count is 3)");
    assertThatThrownBy(() -> with(Map.of("target.url", "")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("config error: target.url = '' is not allowed; expected the URL");
    long twoHours = System.currentTimeMillis() + 2 * 3_600_000L;
    assertThatThrownBy(() -> with(Map.of("injectors.startAt", twoHours)))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("config error: injectors.startAt = '" + twoHours + "'");
    assertThatThrownBy(
            () -> with(Map.of("injectors.count", 1, "injectors.runTag", "", "injectors.index", 2)))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("config error: injectors.index = '2' is not allowed; expected 0");
  }
}
