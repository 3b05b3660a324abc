package org.pathways.hub.parse;

import java.util.Locale;
import java.util.regex.Pattern;

/** File-name rules shared by detection and documentation. */
public final class FileNames {

  private static final Pattern EXTENSIONS =
      Pattern.compile("(\\.(txt|csv|tsv|dat|psv))?(\\.(gz|zip))?$", Pattern.CASE_INSENSITIVE);

  private FileNames() {}

  /** The name without folders and without its data and compression extensions. */
  public static String stem(String fileName) {
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    String base = fileName.substring(slash + 1);
    return EXTENSIONS.matcher(base).replaceFirst("");
  }

  /** Whether a glob ({@code *} for any run of characters) matches a stem, ignoring case. */
  public static boolean matches(String glob, String stem) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.toLowerCase(Locale.ROOT).split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return stem.toLowerCase(Locale.ROOT).matches(regex.toString());
  }
}
