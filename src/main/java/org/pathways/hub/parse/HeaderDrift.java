package org.pathways.hub.parse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a file's header differs from an earlier one of the same data set: columns that are new, gone,
 * or that look renamed. Names compare as the parser matches them (any case, trimmed), so a
 * reordered header or a changed case is no drift.
 *
 * @param renamed a gone column and the new one that took its place
 * @param added columns that are new, as tonight's file writes them
 * @param gone columns that are no longer sent, as the earlier file wrote them
 */
public record HeaderDrift(List<Rename> renamed, List<String> added, List<String> gone) {

  /** A column that looks renamed: same position and a similar name, or a very similar name. */
  public record Rename(String from, String to) {}

  /**
   * Names at least this similar are one column renamed, when they stand at the same position; at
   * another position a name must be closer still, as a moved column is more often another one.
   */
  private static final double SIMILAR_IN_PLACE = 0.5;

  private static final double SIMILAR_ELSEWHERE = 0.75;

  public HeaderDrift {
    renamed = List.copyOf(renamed);
    added = List.copyOf(added);
    gone = List.copyOf(gone);
  }

  /** The drift from {@code before} to {@code now}; both are headers as the files wrote them. */
  public static HeaderDrift between(List<String> before, List<String> now) {
    Set<String> beforeNames = new HashSet<>();
    before.forEach(n -> beforeNames.add(FileParser.normalizeName(n)));
    Set<String> nowNames = new HashSet<>();
    now.forEach(n -> nowNames.add(FileParser.normalizeName(n)));
    List<Integer> goneAt = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      String name = FileParser.normalizeName(before.get(i));
      if (!name.isEmpty() && !nowNames.contains(name)) {
        goneAt.add(i);
      }
    }
    List<Integer> addedAt = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      String name = FileParser.normalizeName(now.get(i));
      if (!name.isEmpty() && !beforeNames.contains(name)) {
        addedAt.add(i);
      }
    }
    List<Rename> renamed = new ArrayList<>();
    // Pair in place first, so a column renamed where it stood wins over a look-alike elsewhere.
    pair(before, now, goneAt, addedAt, renamed, true);
    pair(before, now, goneAt, addedAt, renamed, false);
    return new HeaderDrift(
        renamed,
        addedAt.stream().map(i -> now.get(i).strip()).toList(),
        goneAt.stream().map(i -> before.get(i).strip()).toList());
  }

  private static void pair(
      List<String> before,
      List<String> now,
      List<Integer> goneAt,
      List<Integer> addedAt,
      List<Rename> renamed,
      boolean inPlace) {
    for (var g = goneAt.iterator(); g.hasNext(); ) {
      int gi = g.next();
      int best = -1;
      double bestScore = 0;
      for (int a = 0; a < addedAt.size(); a++) {
        int ai = addedAt.get(a);
        if (inPlace != (ai == gi)) {
          continue;
        }
        double score = similarity(before.get(gi), now.get(ai));
        if (score >= (inPlace ? SIMILAR_IN_PLACE : SIMILAR_ELSEWHERE) && score > bestScore) {
          best = a;
          bestScore = score;
        }
      }
      if (best >= 0) {
        renamed.add(new Rename(before.get(gi).strip(), now.get(addedAt.get(best)).strip()));
        addedAt.remove(best);
        g.remove();
      }
    }
  }

  /**
   * 1 for the same letters and digits, falling towards 0 with the edit distance; spaces, dashes and
   * underscores do not count, so {@code Grade_Level} and {@code Grade Lvl} are close.
   */
  static double similarity(String a, String b) {
    String x = letters(a);
    String y = letters(b);
    int longest = Math.max(x.length(), y.length());
    if (longest == 0) {
      return 0;
    }
    return 1 - (double) distance(x, y) / longest;
  }

  private static String letters(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  public boolean isEmpty() {
    return renamed.isEmpty() && added.isEmpty() && gone.isEmpty();
  }

  /**
   * The drift in words, such as {@code column 'Grade Lvl' replaced 'Grade Level' (renamed?);
   * 'Email' is new; 'Middle Name' is gone}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Rename r : renamed) {
      parts.add("column '" + r.to() + "' replaced '" + r.from() + "' (renamed?)");
    }
    if (!added.isEmpty()) {
      parts.add(quoted(added) + (added.size() == 1 ? " is new" : " are new"));
    }
    if (!gone.isEmpty()) {
      parts.add(quoted(gone) + (gone.size() == 1 ? " is gone" : " are gone"));
    }
    return String.join("; ", parts);
  }

  private static String quoted(List<String> names) {
    List<String> q = names.stream().map(n -> "'" + n + "'").toList();
    if (q.size() == 1) {
      return q.get(0);
    }
    return String.join(", ", q.subList(0, q.size() - 1)) + " and " + q.get(q.size() - 1);
  }
}
