package org.pathways.hub.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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

  /**
   * The tables' contents in a canonical form, the same on every node and start for the same codes,
   * for what a line is checked against (pipeline.LineSeed).
   */
  public String canonical() {
    return String.join(
        ";",
        String.join(",", new java.util.TreeSet<>(ibcCodes)),
        String.join(",", new java.util.TreeSet<>(ibcVendors)),
        String.join(",", new java.util.TreeSet<>(courseAttemptResults)),
        String.join(",", new java.util.TreeSet<>(programsOfStudy)));
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

  /**
   * Reads (descriptor, code) pairs line by line from the leading fields only. TEA's published
   * tables hold descriptions with unbalanced quotes (five diploma-type rows), so a full CSV read
   * would swallow the rest of the file; the codes themselves never hold a comma or a quote.
   */
  private static Map<String, Set<String>> byDescriptor(InputStream csv, int codeColumn) {
    Map<String, Set<String>> out = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line = reader.readLine(); // header
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", codeColumn + 2);
        if (f.length > codeColumn && !f[0].isBlank() && f[codeColumn].matches("[0-9A-Z]{1,4}")) {
          out.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[codeColumn]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
