package org.pathways.hub.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;

/**
 * The state code tables values are checked against: Texas industry-based certification codes and
 * vendors, course attempt results (C136) and programs of study, as TEA publishes them.
 *
 * @param ibcCodes TEA IBC codes (3-digit list; newer 4-digit codes are accepted by shape)
 * @param ibcVendors TEA IBC vendor codes
 * @param courseAttemptResults C136 codes
 * @param programsOfStudy CTE program of study codes
 */
public record ReferenceCodes(
    Set<String> ibcCodes,
    Set<String> ibcVendors,
    Set<String> courseAttemptResults,
    Set<String> programsOfStudy) {

  public ReferenceCodes {
    ibcCodes = Set.copyOf(ibcCodes);
    ibcVendors = Set.copyOf(ibcVendors);
    courseAttemptResults = Set.copyOf(courseAttemptResults);
    programsOfStudy = Set.copyOf(programsOfStudy);
  }

  /** Reads TEA's tables from the files shipped with the hub ({@code reference/tx/}). */
  public static ReferenceCodes texas(InputStream ibcCsv, InputStream codeTablesCsv) {
    Map<String, Set<String>> ibc = byDescriptor(ibcCsv, 1);
    Map<String, Set<String>> tables = byDescriptor(codeTablesCsv, 2);
    return new ReferenceCodes(
        ibc.getOrDefault("PostSecondaryCertificationLicensureDescriptor", Set.of()),
        ibc.getOrDefault("IBCVendorDescriptor", Set.of()),
        tables.getOrDefault("CourseAttemptResultDescriptor", Set.of()),
        tables.getOrDefault("ProgramOfStudyDescriptor", Set.of()));
  }

  /** Loads the tables from the class path. */
  public static ReferenceCodes texasFromClasspath() {
    ClassLoader cl = ReferenceCodes.class.getClassLoader();
    try (InputStream ibc = cl.getResourceAsStream("reference/tx/tx-ibc-codes.csv");
        InputStream tables = cl.getResourceAsStream("reference/tx/tx-code-tables.csv")) {
      if (ibc == null || tables == null) {
        throw new IllegalStateException("The Texas code tables are missing from the class path");
      }
      return texas(ibc, tables);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Set<String>> byDescriptor(InputStream csv, int codeColumn) {
    Map<String, Set<String>> out = new HashMap<>();
    DelimitedReader reader =
        new DelimitedReader(new InputStreamReader(csv, StandardCharsets.UTF_8), ',', 1 << 16);
    RawRecord rec = reader.next(); // header
    while ((rec = reader.next()) != null) {
      List<String> f = rec.fields();
      if (!rec.isBroken() && f.size() > codeColumn) {
        out.computeIfAbsent(f.get(0), k -> new HashSet<>()).add(f.get(codeColumn).trim());
      }
    }
    return out;
  }
}
