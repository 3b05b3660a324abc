package org.pathways.hub.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;

/**
 * What one run of the generator wrote: the district, and every file with its data rows.
 *
 * @param profileId the SIS profile whose shapes the files follow
 * @param districtId Texas CDN or Indiana corporation number
 * @param districtCode the code the hub would know the district by
 * @param today the day the data describes
 * @param outDir the directory the files are in
 * @param files the files, in the profile's order
 */
public record GenerateSummary(
    String profileId,
    State state,
    String districtId,
    String districtName,
    String districtCode,
    LocalDate today,
    int students,
    Path outDir,
    List<WrittenFile> files) {

  /**
   * One written file.
   *
   * @param fileName the name within {@code outDir}
   * @param part the profile's part of the data set ({@code history}, {@code current}), or null
   * @param rows data rows, not counting a header line
   */
  public record WrittenFile(String fileName, DataSet dataSet, String part, long rows) {
    public WrittenFile {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(dataSet, "dataSet");
    }
  }

  public GenerateSummary {
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(outDir, "outDir");
    files = List.copyOf(files);
  }

  /** The data rows written for a data set, over all its files. */
  public long rows(DataSet dataSet) {
    return files.stream().filter(f -> f.dataSet() == dataSet).mapToLong(WrittenFile::rows).sum();
  }

  public long totalRows() {
    return files.stream().mapToLong(WrittenFile::rows).sum();
  }
}
