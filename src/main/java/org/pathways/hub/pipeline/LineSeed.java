package org.pathways.hub.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import org.pathways.hub.district.State;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.validate.RowValidator;

/**
 * The seed of a file's line hashes: everything beside a line's own text that decides what record
 * the line becomes and whether it raises anything. A live record keeps the hash of the line it was
 * loaded from, and a later line with the same text under the same seed is recognised as that
 * record, unchanged and clean, without being read again. So anything that could make the same text
 * load or check differently is in the seed: the file's layout as the profile and the district's
 * overrides have it, the delimiter and character set, the state's rules and code tables, the
 * reference checks and the padded identifiers. The parser adds the file's header. When any of them
 * changes, no line is recognised that night; each is read, and its record is given the new hash.
 */
final class LineSeed {

  private LineSeed() {}

  /**
   * The seed of one file's lines.
   *
   * @param codeTables the state's code tables as {@code ReferenceCodes.canonical()} writes them
   */
  static long of(
      FileSpec file,
      Profile profile,
      State state,
      Charset charset,
      boolean checkStudents,
      boolean checkCourses,
      String codeTables) {
    StringBuilder text = new StringBuilder(4096);
    text.append("rules=").append(RowValidator.RULES);
    text.append("|data set=").append(file.dataSet().id()).append('/').append(file.part());
    text.append("|header=").append(file.header());
    text.append("|delimiter=").append((int) profile.delimiterOf(file));
    text.append("|charset=").append(charset.name());
    text.append("|state=").append(state);
    text.append("|dates=").append(profile.dateFormats());
    text.append("|students=").append(checkStudents).append("|courses=").append(checkCourses);
    for (ColumnSpec c : file.columns()) {
      text.append("|column=")
          .append(c.column())
          .append('>')
          .append(c.field())
          .append(sorted(c.values()))
          .append(c.format())
          .append(c.transform());
    }
    text.append("|scope=").append(sorted(file.scope()));
    text.append("|constants=").append(sorted(file.constants()));
    text.append("|codes=").append(codeTables);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A map in key order: the profiles' maps iterate in an order that differs from one start to the
   * next.
   */
  private static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map);
  }
}
