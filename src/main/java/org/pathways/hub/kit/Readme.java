package org.pathways.hub.kit;

import java.util.Locale;
import org.pathways.hub.onboarding.TransferMethod;

/**
 * The kit's {@code README.txt}: what the page says, as plain text a district can forward to whoever
 * configures its exports. Nothing in it changes from night to night.
 */
final class Readme {

  private static final String RULE = "-".repeat(72);

  private Readme() {}

  static String text(ExportKit kit) {
    StringBuilder sb = new StringBuilder();
    line(sb, "Pathways export kit: " + kit.district().name() + " (" + kit.district().code() + ")");
    line(sb, "=".repeat(72));
    line(sb, "");
    line(sb, "SIS profile:     " + kit.profile().name() + " (" + kit.profile().id() + ")");
    line(sb, "State:           " + kit.district().state());
    line(sb, "Transfer method: " + kit.method().label());
    if (kit.overridden()) {
      line(
          sb,
          "Your district has its own changes to this profile: the samples follow them, the"
              + " specification describes the profile without them. Ask your engineer what"
              + " differs.");
    }
    line(sb, "");
    line(sb, "In this kit:");
    line(sb, "  README.txt          this file");
    line(sb, "  " + pad(kit.specFileName(), 19) + " the file specification of every data set");
    line(sb, "  samples/            sample files made by the hub for your SIS and state: a");
    line(
        sb, "                      made-up district of " + Samples.STUDENTS + " students, no real");
    line(sb, "                      data. The hub loads them as they are; compare your exports");
    line(sb, "                      with them.");
    if (kit.powerSchool()) {
      line(
          sb,
          "  "
              + pad(ExportKit.POWERSCHOOL, 19)
              + " your district's PowerSchool plugin, to install");
      line(sb, "                      in PowerSchool");
    }
    line(sb, "");

    section(sb, "How to send");
    switch (kit.method()) {
      case SFTP -> {
        line(sb, "By SFTP to your district's own folder on the Pathways hub.");
        line(sb, "  Host:     " + kit.connection().host());
        line(sb, "  Port:     " + kit.connection().sftpPort());
        line(
            sb,
            "  Accounts: "
                + (kit.sftpUsers().isEmpty()
                    ? "none yet: your engineer creates one for you"
                    : String.join(", ", kit.sftpUsers())));
        line(sb, "  Password: shown once, when the account was created; it is not in this kit.");
        line(sb, "            A public key (such as ssh-ed25519) can be used instead.");
        line(sb, "  Folders:  " + ExportKit.INBOX + "    put each night's files here");
        line(sb, "            " + ExportKit.RESULTS + "  what the hub made of each file");
        line(sb, "");
        line(sb, "  Connect:  " + kit.sftpCommand());
        line(sb, "  Script:   " + kit.sftpScript());
        line(sb, "");
        line(sb, "A file counts once its upload has finished; a tool that uploads under a");
        line(sb, "temporary name (.part, .tmp, .filepart) and renames it is fine.");
      }
      case API -> {
        if (kit.powerSchool()) {
          line(sb, "PowerSchool: Pathways pulls the data through the PowerSchool API with the");
          line(sb, "plugin in this kit (" + ExportKit.POWERSCHOOL + "), made for your district:");
          line(
              sb,
              "  1. Take the plugin zip from "
                  + ExportKit.POWERSCHOOL
                  + " as it is (or download it");
          line(sb, "     from your district's export kit page).");
          line(sb, "  2. Install it in PowerSchool: System > System Settings > Plugin");
          line(sb, "     Management Configuration > Install.");
          line(sb, "  3. Enable it, then configure the API in Pathways: the plugin's client id");
          line(sb, "     and secret (its Data Configuration page) go in your district's");
          line(sb, "     PowerSchool API settings in Pathways.");
          line(sb, "A newer plugin always has a higher version: install it over the old one.");
          line(sb, "Until the API is configured, send the files with your API key as below.");
          line(sb, "");
        }
        line(sb, "By HTTPS with your district's API key (your engineer creates it; it is shown");
        line(sb, "once and is not in this kit).");
        line(sb, "  Upload URL: " + kit.uploadUrl() + "?name=FILE-NAME");
        line(sb, "  Example:    " + kit.curlExample());
        line(sb, "  Outcome:    GET " + kit.runUrl() + " with the same key;");
        line(sb, "              the answer to the upload lists the run ids.");
      }
      case MANUAL -> {
        line(sb, "Upload the files on your district's Upload page in the Pathways hub portal:");
        line(sb, "  " + kit.uploadPage());
        line(sb, "The page shows each file's outcome when it has been processed.");
      }
    }
    line(sb, "");

    section(sb, "Schedule");
    String deadline = kit.deadline() + " Central time (" + ExportKit.ZONE + ", CST or CDT)";
    if (kit.method() == TransferMethod.MANUAL) {
      line(sb, "Upload new data at the end of each semester. When you send nightly, send");
      line(sb, "before " + deadline + ".");
    } else {
      line(sb, "Every night, Monday to Sunday, every file must have arrived before");
      line(sb, "  " + deadline + ".");
      line(sb, "Schedule the exports to run and send before it. Weekend sends keep Monday");
      line(sb, "morning's data fresh for your counselors.");
    }
    line(sb, "");

    section(sb, "Files");
    line(sb, "File names are matched without their extension (.txt, .csv, and .gz or .zip");
    line(sb, "when compressed), case ignored; * stands for any text, such as a date stamp.");
    line(sb, "Each file is the complete current content of its data set, not the changes.");
    line(sb, "");
    for (KitFile f : kit.files()) {
      line(sb, "  " + f.label());
      line(sb, "    names:     " + String.join(", ", f.names()));
      line(sb, "    header:    " + (f.header() ? "yes" : "no: columns in the documented order"));
      line(sb, "    delimiter: " + f.delimiter());
      if (f.sample() != null) {
        line(sb, "    sample:    " + f.sample() + " (" + f.sampleRows() + " rows)");
      } else {
        line(sb, "    sample:    none: the two parts above carry the same rows");
      }
    }
    line(sb, "");

    section(sb, "Results");
    if (kit.method() == TransferMethod.SFTP) {
      line(sb, "A few minutes after each upload, " + ExportKit.RESULTS + "NAME.result.txt tells");
      line(sb, "you what became of the file:");
    } else {
      line(sb, "The portal's Runs page shows what became of each file:");
    }
    line(sb, "  LOADED     the data is in Pathways; counts of records added, updated,");
    line(sb, "             unchanged and deactivated, and any warnings to look at.");
    line(sb, "  REJECTED   nothing was loaded: every error names its line, column and");
    line(sb, "             value. Fix the export and send the file again.");
    line(sb, "  HELD       the file would remove many records (or is empty) and waits");
    line(sb, "             for your engineer to release or discard it.");
    line(sb, "  DUPLICATE  the same file was already received; nothing changed.");
    line(sb, "");
    line(sb, "Questions: your Pathways Data Integrations Engineer.");
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title) {
    line(sb, title.toUpperCase(Locale.ROOT));
    line(sb, RULE);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  // CRLF: the README is opened on Windows machines in Notepad as often as anywhere.
  private static void line(StringBuilder sb, String text) {
    sb.append(text).append("\r\n");
  }
}
