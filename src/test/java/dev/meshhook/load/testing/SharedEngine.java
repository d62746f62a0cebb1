package dev.meshhook.load.testing;

import dev.meshhook.load.harness.EngineUnderTest;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One engine process for all tests of a class: started before the first, stopped after the last.
 * {@code @RegisterExtension static final SharedEngine ENGINE = new SharedEngine(Map.of());}
 */
public final class SharedEngine implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, ?> settings;
  private EngineUnderTest engine;

  public SharedEngine(Map<String, ?> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    engine = EngineUnderTest.start(settings);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (engine != null) {
      engine.close();
    }
  }

  public EngineUnderTest get() {
    return engine;
  }
}
