package org.pathways.hub.vault;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives the vault uses, once per JVM. */
final class Tink {

  static {
    try {
      AeadConfig.register();
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Tink() {}

  /** Makes sure the registration above has run. */
  static void init() {
    // Loading the class runs its static initialiser.
  }
}
