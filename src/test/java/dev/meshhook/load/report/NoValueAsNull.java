package dev.meshhook.load.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Jackson, for the files read back across runs (history.jsonl, results.json): a figure without a
 * value (NaN: no samples) is written as null, and null is read back as NaN. Left to itself Jackson
 * writes the string "NaN" and reads null into a double as 0, a measurement nobody made.
 */
final class NoValueAsNull {
  private NoValueAsNull() {}

  static SimpleModule module() {
    StdSerializer<Double> writer =
        new StdSerializer<>(Double.class) {
          @Override
          public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            if (Double.isFinite(value)) {
              out.writeNumber(value);
            } else {
              out.writeNull();
            }
          }
        };
    return new SimpleModule("no-value-as-null")
        .addSerializer(Double.class, writer)
        .addSerializer(Double.TYPE, writer)
        .addDeserializer(
            Double.TYPE, new NumberDeserializers.DoubleDeserializer(Double.TYPE, Double.NaN));
  }
}
