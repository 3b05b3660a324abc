package org.pathways.hub.kit;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.profile.Profile;

/**
 * What a district needs to build its exports: its profile, how and where it sends, by when, and
 * each file with its names, its section of the specification and its sample. Holds no secret: SFTP
 * accounts by name only, the API by its address only.
 *
 * @param district the district
 * @param profile its profile, with the district's override applied
 * @param overridden whether the district has an override, so its files differ from the
 *     specification somewhere
 * @param method how it sends
 * @param deadline the nightly deadline on the Central clock
 * @param deadlineIsDefault whether that is its SIS's default
 * @param nextDeadline the next time the deadline falls, with its zone
 * @param connection where the hub is reached
 * @param sftpUsers the names of its active SFTP accounts
 * @param files the files it sends, in the profile's order
 * @param specFileName the specification's file name in the zip
 * @param specHtml the specification as HTML, raw HTML escaped
 */
public record ExportKit(
    District district,
    Profile profile,
    boolean overridden,
    TransferMethod method,
    LocalTime deadline,
    boolean deadlineIsDefault,
    ZonedDateTime nextDeadline,
    Connection connection,
    List<String> sftpUsers,
    List<KitFile> files,
    String specFileName,
    String specHtml) {

  /** Where the Central clock's deadlines are. */
  public static final String ZONE = "America/Chicago";

  private static final DateTimeFormatter NEXT =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.US);

  static final String INBOX = "inbox/";
  static final String RESULTS = "results/";
  static final String SAMPLES = "samples/";
  static final String POWERSCHOOL = "powerschool/";

  public ExportKit {
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(connection, "connection");
    sftpUsers = List.copyOf(sftpUsers);
    files = List.copyOf(files);
  }

  public String zone() {
    return ZONE;
  }

  public String inbox() {
    return INBOX;
  }

  public String results() {
    return RESULTS;
  }

  /** The next deadline with its zone named (CST or CDT), as every time in the portal. */
  public String nextDeadlineText() {
    return nextDeadline == null ? "" : NEXT.format(nextDeadline);
  }

  /** The zip's file name. */
  public String zipName() {
    return "pathways-export-kit-" + district.code() + ".zip";
  }

  /** A file name to show in examples: the first sample's, or a plain one. */
  public String exampleFile() {
    return files.stream()
        .map(KitFile::sample)
        .filter(Objects::nonNull)
        .map(sample -> sample.substring(sample.lastIndexOf('/') + 1))
        .findFirst()
        .orElse("students_20261130.txt");
  }

  /** The user name for examples: the first account's, or a stand-in when none exists yet. */
  public String exampleUser() {
    return sftpUsers.isEmpty() ? "YOUR-USER" : sftpUsers.get(0);
  }

  /** The line that opens an SFTP session: the password is typed when asked, never written down. */
  public String sftpCommand() {
    return "sftp -P " + connection.sftpPort() + " " + exampleUser() + "@" + connection.host();
  }

  /** One night's upload from a scheduled script, signed in with a key. */
  public String sftpScript() {
    return "echo \"put "
        + exampleFile()
        + " "
        + INBOX
        + "\" | sftp -b - -i ~/.ssh/pathways -P "
        + connection.sftpPort()
        + " "
        + exampleUser()
        + "@"
        + connection.host();
  }

  /** Where scripts send files with the district's API key. */
  public String uploadUrl() {
    return connection.baseUrl() + "/api/v1/districts/" + district.code() + "/files";
  }

  /** An upload with curl; the key comes from the scheduler's credential store, not from here. */
  public String curlExample() {
    return "curl -H \"Authorization: Bearer $PATHWAYS_API_KEY\" --data-binary @"
        + exampleFile()
        + " \""
        + uploadUrl()
        + "?name="
        + exampleFile()
        + "\"";
  }

  /** Where a run's outcome is asked for with the same key. */
  public String runUrl() {
    return connection.baseUrl() + "/api/v1/districts/" + district.code() + "/runs/RUN-ID";
  }

  /** The portal's upload page of the district. */
  public String uploadPage() {
    return connection.baseUrl() + "/districts/" + district.code() + "/upload";
  }

  /** Whether the PowerSchool plugin is what this district installs to send. */
  public boolean powerSchool() {
    return "PowerSchool".equals(profile.sis());
  }

  /** The portal path of the district's PowerSchool plugin. */
  public String powerSchoolPluginPath() {
    return "/districts/" + district.code() + "/kit/powerschool-plugin.zip";
  }
}
