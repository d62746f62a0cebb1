package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonReadTest {
  private final JsonNode json;

  JsonReadTest() throws Exception {
    json =
        new ObjectMapper()
            .readTree(
                "{\"counts\":{\"sent\":3,\"none\":null,\"text\":\"3\"},\"availability\":{\"percent\":99.5}}");
  }

  @Test
  void readsFiguresThatAreThere() {
    assertThat(JsonRead.whole(json, "counts", "sent")).isEqualTo(3);
    assertThat(JsonRead.number(json, "availability", "percent")).isEqualTo(99.5);
  }

  @Test
  void aMissingNullOrNonNumericFigureFailsInsteadOfReadingZero() {
    assertThatThrownBy(() -> JsonRead.whole(json, "counts", "snet"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no figure 'counts.snet'");
    assertThatThrownBy(() -> JsonRead.whole(json, "count", "sent"))
        .hasMessageContaining("no figure 'count'");
    assertThatThrownBy(() -> JsonRead.whole(json, "counts", "none"))
        .hasMessageContaining("no figure 'counts.none'");
    assertThatThrownBy(() -> JsonRead.whole(json, "counts", "text"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> JsonRead.whole(json, "availability", "percent"))
        .hasMessageContaining("not a whole number");
  }
}
