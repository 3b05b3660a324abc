package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Staged rows' key prefixes, which tell a file without repeated keys without SQL. */
class KeyPrefixesTest {

  @Test
  void differentKeysCannotRepeat() {
    KeyPrefixes keys = new KeyPrefixes(0, 1 << 20);
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 50_000; i++) {
      keys.add(random.nextLong());
    }
    assertThat(keys.mayRepeat()).isFalse();
  }

  @Test
  void aKeyTwiceMayRepeatWhereverItComes() {
    KeyPrefixes keys = new KeyPrefixes(10, 1 << 20);
    for (long i = 0; i < 5_000; i++) {
      keys.add(i * 7919);
    }
    keys.add(Long.MIN_VALUE);
    keys.add(1234L * 7919);
    assertThat(keys.mayRepeat()).isTrue();
  }

  @Test
  void moreKeysThanItMayKeepAreLeftToTheDatabase() {
    KeyPrefixes keys = new KeyPrefixes(0, 2_000);
    for (long i = 0; i < 2_001; i++) {
      keys.add(i);
    }
    assertThat(keys.mayRepeat()).as("all different, but not all kept").isTrue();

    KeyPrefixes fits = new KeyPrefixes(0, 2_000);
    for (long i = 0; i < 2_000; i++) {
      fits.add(i);
    }
    assertThat(fits.mayRepeat()).isFalse();
  }
}
