package dev.meshhook.load.config;

import dev.meshhook.load.settings.Settings;

/**
 * How a profile reads its shape from its block of application.conf, validated, in full or in quick
 * mode (its {@code quick} block). One per profile, in the profile's declaration.
 */
@FunctionalInterface
public interface ShapeReader<S extends SuiteConfig.Shape> {
  S read(Settings settings, boolean quick);
}
