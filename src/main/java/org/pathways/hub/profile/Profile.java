package org.pathways.hub.profile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.State;

/**
 * How one SIS, in one state, shapes the files it sends. Read from a declarative resource; a
 * district may override parts of it.
 *
 * @param id the profile id, such as {@code skyward-sms-tx}
 * @param name the display name
 * @param sis the SIS's name
 * @param states the states whose districts may use it
 * @param delimiter the delimiter of its files unless a file says otherwise
 * @param dateFormats the date patterns its files use, tried in order after the standard ones
 * @param tolerance what a row-level error does
 * @param severities issue codes whose severity this profile changes
 * @param files the files it sends
 */
public record Profile(
    String id,
    String name,
    String sis,
    Set<State> states,
    char delimiter,
    List<String> dateFormats,
    Tolerance tolerance,
    Map<IssueCode, Severity> severities,
    List<FileSpec> files) {

  public Profile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    states = Set.copyOf(states);
    dateFormats = List.copyOf(dateFormats);
    severities = Map.copyOf(severities);
    files = List.copyOf(files);
  }

  public Severity severityOf(IssueCode code) {
    return severities.getOrDefault(code, code.defaultSeverity());
  }

  public boolean expects(DataSet dataSet) {
    return files.stream().anyMatch(f -> f.dataSet() == dataSet);
  }

  public Optional<FileSpec> file(DataSet dataSet, String part) {
    return files.stream()
        .filter(f -> f.dataSet() == dataSet && Objects.equals(f.part(), part))
        .findFirst();
  }

  public char delimiterOf(FileSpec file) {
    return file.delimiter() != null ? file.delimiter() : delimiter;
  }
}
