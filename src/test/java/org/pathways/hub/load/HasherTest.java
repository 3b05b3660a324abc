package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.parse.CanonicalRow;

/**
 * A record's key and value hashes are the MD5 of its values' UTF-8 text joined by the unit
 * separator, an absent value as NUL in the values' text and as nothing in the key's: every live
 * record of every district is keyed by them, so however they are computed they must stay exactly
 * this. Checked against that definition on rows of ASCII, accented, CJK and emoji text.
 */
class HasherTest {

  private static final DataSet GRADES = DataSet.GRADES;
  private static final String[] PIECES = {
    "337717",
    "2024",
    "S1",
    "0330",
    "",
    " ",
    "Álgebra",
    "Español I",
    "漢字",
    "😀",
    "a\u00ffb",
    "\ud800",
    "Z"
  };

  private final List<Field> fields = GRADES.fields();
  private final int[] keyFields =
      fields.stream().filter(Field::key).mapToInt(f -> GRADES.indexOf(f.name())).toArray();

  @Test
  void hashesAreTheMd5OfTheJoinedUtf8Text() {
    StagingSession.Hasher hasher = new StagingSession.Hasher(keyFields, fields);
    Random random = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      String[] values = new String[fields.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = randomValue(random);
      }
      CanonicalRow row = new CanonicalRow(n + 2, values);
      assertThat(hasher.values(row)).as("values of row %d", n).isEqualTo(expectedValues(values));
      assertThat(hasher.key(row)).as("key of row %d", n).isEqualTo(expectedKey(values));
    }
  }

  @Test
  void aLongRowThenShortOnesThroughOneHasher() {
    StagingSession.Hasher hasher = new StagingSession.Hasher(keyFields, fields);
    String[] values = filled("1");
    values[fields.size() - 1] = "x".repeat(5_000);
    assertThat(hasher.values(new CanonicalRow(2, values))).isEqualTo(expectedValues(values));
    String[] accented = filled("é");
    assertThat(hasher.values(new CanonicalRow(3, accented))).isEqualTo(expectedValues(accented));
    String[] plain = filled("7");
    assertThat(hasher.values(new CanonicalRow(4, plain))).isEqualTo(expectedValues(plain));
    assertThat(hasher.key(new CanonicalRow(4, plain))).isEqualTo(expectedKey(plain));
  }

  @Test
  void aRecordWithoutARequiredKeyValueHasNoKey() {
    StagingSession.Hasher hasher = new StagingSession.Hasher(keyFields, fields);
    String[] values = filled("1");
    values[GRADES.indexOf("student_id")] = null;
    assertThat(hasher.key(new CanonicalRow(2, values))).isNull();
    String[] withoutSection = filled("1");
    withoutSection[GRADES.indexOf("section_id")] = null;
    assertThat(hasher.key(new CanonicalRow(2, withoutSection)))
        .isEqualTo(expectedKey(withoutSection))
        .isNotNull();
  }

  private String[] filled(String value) {
    String[] values = new String[fields.size()];
    java.util.Arrays.fill(values, value);
    return values;
  }

  private static String randomValue(Random random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return null;
    }
    StringBuilder v = new StringBuilder();
    int pieces = 1 + random.nextInt(3);
    for (int p = 0; p < pieces; p++) {
      // Mostly ASCII, as exports are; one value in five has a character that is not.
      String piece = PIECES[random.nextInt(kind < 8 ? 6 : PIECES.length)];
      v.append(piece);
    }
    return v.toString();
  }

  private byte[] expectedValues(String[] values) {
    List<String> text = new ArrayList<>();
    for (String v : values) {
      text.add(v == null ? "\u0000" : v);
    }
    return md5(String.join("\u001f", text));
  }

  private byte[] expectedKey(String[] values) {
    List<String> text = new ArrayList<>();
    for (int k : keyFields) {
      if (values[k] == null && fields.get(k).required()) {
        return null;
      }
      text.add(values[k] == null ? "" : values[k]);
    }
    return md5(String.join("\u001f", text));
  }

  private static byte[] md5(String text) {
    try {
      return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
