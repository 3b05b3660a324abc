package org.pathways.hub.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.State;
import org.pathways.hub.parse.FileParser;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;

/**
 * Every built-in profile, in every state it serves, reads back through the hub's own parser as the
 * canonical rows it was written from: the writer and the profiles cannot drift apart.
 */
class NativeWriterProfilesTest {

  private static final LocalDate FALL = LocalDate.of(2026, Month.NOVEMBER, 28);

  @TempDir Path dir;

  static Stream<Arguments> profilesAndStates() {
    return new ProfileCatalog()
        .all().stream()
            .flatMap(p -> p.states().stream().sorted().map(s -> Arguments.of(p.id(), s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("profilesAndStates")
  void whatIsWrittenReadsBackAsTheCanonicalRows(String profileId, State state) throws IOException {
    Profile profile = new ProfileCatalog().get(profileId);
    GeneratedDistrict district = new DistrictGenerator(state, 150, 17L, FALL).generate();
    GenerateSummary summary = NativeWriter.dated(FALL).write(profile, district, dir);

    assertThat(summary.files()).isNotEmpty();
    assertThat(summary.rows(DataSet.STUDENTS))
        .isEqualTo(profile.expects(DataSet.STUDENTS) ? 150 : 0);
    for (GenerateSummary.WrittenFile file : summary.files()) {
      FileSpec spec = profile.file(file.dataSet(), file.part()).orElseThrow();
      Issues issues = new Issues(20, 5, profile::severityOf);
      List<String[]> read = new ArrayList<>();
      try (Reader in =
          Files.newBufferedReader(dir.resolve(file.fileName()), StandardCharsets.UTF_8)) {
        FileParser.Result result =
            new FileParser(spec, profile.delimiterOf(spec), FileParser.DEFAULT_MAX_RECORD_CHARS)
                .parse(
                    in,
                    issues,
                    row -> {
                      String[] values = new String[row.size()];
                      for (int i = 0; i < values.length; i++) {
                        values[i] = row.get(i);
                      }
                      read.add(values);
                    });
        assertThat(result.readable()).as(file.fileName()).isTrue();
      }
      assertThat(issues.errors()).as(file.fileName() + " " + issues.counts()).isZero();
      List<String[]> written = expected(district, spec);
      assertThat(read).as(file.fileName()).hasSize(written.size());
      assertThat(file.rows()).isEqualTo(written.size());
      for (int r = 0; r < read.size(); r++) {
        for (int f = 0; f < file.dataSet().fields().size(); f++) {
          String field = file.dataSet().fields().get(f).name();
          if (!carries(spec, field)) {
            continue;
          }
          String got = normalize(profile, spec, field, read.get(r)[f]);
          String want = written.get(r)[f];
          if (want == null) {
            want = spec.constants().get(field);
          }
          assertThat(blankToNull(got))
              .as("%s line %d field %s", file.fileName(), r + 1, field)
              .isEqualTo(blankToNull(want));
        }
      }
    }
  }

  /** The canonical rows a file takes: those in its scope and agreeing with its constants. */
  private static List<String[]> expected(GeneratedDistrict district, FileSpec spec) {
    DataSet ds = spec.dataSet();
    List<String[]> out = new ArrayList<>();
    district.forEach(
        ds,
        row -> {
          for (Map.Entry<String, String> e : spec.scope().entrySet()) {
            if (!e.getValue().equalsIgnoreCase(row[ds.indexOf(e.getKey())])) {
              return;
            }
          }
          for (Map.Entry<String, String> e : spec.constants().entrySet()) {
            String v = row[ds.indexOf(e.getKey())];
            if (v != null && !v.equalsIgnoreCase(e.getValue())) {
              return;
            }
          }
          out.add(row);
        });
    return out;
  }

  private static boolean carries(FileSpec spec, String field) {
    return spec.columnFor(field).isPresent()
        || spec.scope().containsKey(field)
        || spec.constants().containsKey(field);
  }

  /**
   * A date the parser left in the profile's own pattern is read with that pattern, as the validator
   * reads it.
   */
  private static String normalize(Profile profile, FileSpec spec, String field, String value) {
    if (value == null
        || spec.dataSet().field(field).orElseThrow().type() != FieldType.DATE
        || value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return value;
    }
    List<String> patterns = new ArrayList<>(profile.dateFormats());
    spec.columnFor(field).map(ColumnSpec::format).filter(Objects::nonNull).ifPresent(patterns::add);
    for (String pattern : patterns) {
      try {
        return LocalDate.parse(value, DateTimeFormatter.ofPattern(pattern, Locale.ROOT)).toString();
      } catch (DateTimeParseException e) {
        // try the next pattern
      }
    }
    return value;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
