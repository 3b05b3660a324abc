package org.pathways.hub.vault;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Registers the Tink primitives the vault uses, once per JVM. */
final class Tink {

  /** Short calls of AES-CTR made ahead: enough for the JIT to compile the cipher's loop. */
  private static final int WARM_UP_CALLS = 100_000;

  static {
    try {
      AeadConfig.register();
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Starts, once per JVM, the calls that have AES-CTR compiled ({@link #warmUpCounterMode}): when
   * the vault first makes a stream, so that a command that never stores or reads a file (most of
   * them, and each starts the vault's keys) spends nothing on it.
   */
  static void compileCounterMode() {
    CounterMode.start();
  }

  /** Holds the thread that warms AES-CTR up; loading the class starts it. */
  private static final class CounterMode {
    static {
      Thread warmUp = new Thread(Tink::warmUpCounterMode, "vault-warm-up");
      warmUp.setDaemon(true);
      warmUp.start();
    }

    private CounterMode() {}

    static void start() {
      // Loading the class runs its static initialiser.
    }
  }

  /**
   * Has the JIT compile AES-CTR's inner loop with the processor's AES instructions while the first
   * file is stored, before the large reads that follow. The vault encrypts in 1 MB segments, one
   * call of the cipher each, so even a night of large files makes only hundreds of calls: too few
   * for the method to be compiled whole, and its loop is compiled inside the running call instead,
   * in plain Java, without those instructions: about 290 MB/s of decryption through Tink on this
   * machine against 1.3 GB/s once it is (docs/benchmarks.md). Short calls on a thread of their own,
   * about 0.1 s of one core, make it compile the method. The key and data are zeros: nothing is
   * kept.
   */
  private static void warmUpCounterMode() {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(new byte[32], "AES"),
          new IvParameterSpec(new byte[16]));
      byte[] block = new byte[64];
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        c.update(block, 0, block.length, block, 0);
      }
    } catch (GeneralSecurityException e) {
      // Only slower without it: the vault reports what the cipher cannot do when it is used.
    }
  }

  private Tink() {}

  /** Makes sure the registration above has run. */
  static void init() {
    // Loading the class runs its static initialiser.
  }
}
