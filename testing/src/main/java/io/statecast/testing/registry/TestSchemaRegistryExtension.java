package io.statecast.testing.registry;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestSchemaRegistry} for a test class: registered on a static field it runs for the whole
 * class, and each test starts with it {@linkplain TestSchemaRegistry#reset() reset} (up, not
 * failing, no credentials asked, counters at zero; the schemas stay, so ids stay stable);
 * registered on an instance field, each test has a registry of its own.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestSchemaRegistryExtension registry = TestSchemaRegistryExtension.create();
 * ... RegistryClient.shared(registry.registry().settings()) ...
 * }</pre>
 */
public final class TestSchemaRegistryExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private TestSchemaRegistry registry;
  private boolean perClass;

  private TestSchemaRegistryExtension() {}

  /** A registry with no schemas. */
  public static TestSchemaRegistryExtension create() {
    return new TestSchemaRegistryExtension();
  }

  /** The running registry. */
  public TestSchemaRegistry registry() {
    if (registry == null) {
      throw new IllegalStateException("the registry runs only while the tests run");
    }
    return registry;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    registry = TestSchemaRegistry.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perClass) {
      registry.reset();
    } else {
      registry = TestSchemaRegistry.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void stop() {
    if (registry != null) {
      registry.close();
      registry = null;
    }
  }
}
