package org.pathways.hub.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.FileNames;
import org.pathways.hub.parse.RawRecord;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.TextSniff;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;

/**
 * Tells which file of its profile a data file is: by its name first, by its header when the name
 * says nothing.
 */
final class Detector {

  private Detector() {}

  static Optional<FileSpec> byName(Profile profile, String fileName) {
    String stem = FileNames.stem(fileName);
    for (FileSpec spec : profile.files()) {
      for (String glob : spec.names()) {
        if (FileNames.matches(glob, stem)) {
          return Optional.of(spec);
        }
      }
    }
    return Optional.empty();
  }

  /** The spec whose columns the header matches best, if the header has all its required ones. */
  static Optional<FileSpec> byHeader(Profile profile, StreamSource source, TextSniff sniff)
      throws IOException {
    FileSpec best = null;
    int bestScore = 0;
    // The first line is read once per delimiter in use, not once per file of the profile.
    Map<Character, List<String>> headers = new HashMap<>();
    for (FileSpec spec : profile.files()) {
      if (!spec.header()) {
        continue;
      }
      char delimiter = profile.delimiterOf(spec);
      List<String> header = headers.get(delimiter);
      if (header == null) {
        header = firstRecord(source, sniff, delimiter);
        headers.put(delimiter, header);
      }
      Set<String> names = new HashSet<>();
      header.forEach(h -> names.add(h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT)));
      int score = 0;
      boolean complete = true;
      for (ColumnSpec c : spec.columns()) {
        boolean present = names.contains(c.column().toLowerCase(Locale.ROOT));
        if (present) {
          score++;
        } else if (c.field() != null
            && spec.dataSet().field(c.field()).orElseThrow().required()
            && !spec.scope().containsKey(c.field())) {
          complete = false;
        }
      }
      // Ties go to the whole data set rather than a part, whose scope the header cannot show.
      if (complete
          && (score > bestScore
              || (score == bestScore
                  && best != null
                  && best.part() != null
                  && spec.part() == null))) {
        best = spec;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The data set a file name announces by the Standard Layout's names, whatever the profile. */
  static Optional<DataSet> announced(Profile standard, String fileName) {
    return byName(standard, fileName).map(FileSpec::dataSet);
  }

  private static List<String> firstRecord(StreamSource source, TextSniff sniff, char delimiter)
      throws IOException {
    try (InputStream in = source.open()) {
      in.skipNBytes(sniff.bomBytes());
      RawRecord rec =
          new DelimitedReader(new InputStreamReader(in, sniff.charset()), delimiter, 1 << 16)
              .next();
      return rec == null || rec.isBroken() ? List.of() : rec.fields();
    }
  }
}
