package org.pathways.hub.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.Nights;
import tools.jackson.databind.json.JsonMapper;

/**
 * The words of the alerts: subjects, plain-text bodies and webhook JSON. They carry the states and
 * the reasons the nightly evaluation wrote (which name files and counts, never students), and links
 * to the portal.
 */
final class Letters {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.US);
  private static final DateTimeFormatter DEADLINE =
      DateTimeFormatter.ofPattern("EEE HH:mm z", Locale.US).withZone(Nights.CENTRAL);

  private final AlertProperties props;

  Letters(AlertProperties props) {
    this.props = props;
  }

  /** One data set's trouble, with how long it has lasted. */
  record Item(DataSetNight set, int nightsInARow) {}

  static String day(LocalDate d) {
    return DAY.format(d);
  }

  static String word(NightState s) {
    return switch (s) {
      case MISSING -> "missing";
      case FAILED -> "rejected";
      case HELD -> "held for review";
      case LATE -> "late";
      case PROCESSING -> "being processed";
      case PAUSED -> "paused";
      case OK -> "on time";
    };
  }

  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix =
        mod100 >= 11 && mod100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  String subject(AlertKind kind, String districtName, LocalDate night, List<Item> items) {
    String prefix =
        switch (kind) {
          case ESCALATION -> "[Escalated] ";
          case REMINDER -> "[Reminder] ";
          default -> "";
        };
    String what =
        items.size() == 1
            ? items.get(0).set().feed().label() + " " + word(items.get(0).set().state())
            : items.size() + " data sets need attention";
    int longest = items.stream().mapToInt(Item::nightsInARow).max().orElse(0);
    String streak = longest > 1 ? ", " + ordinal(longest) + " night in a row" : "";
    return prefix + districtName + ": " + what + streak + " (night of " + day(night) + ")";
  }

  String nightBody(
      AlertKind kind,
      String district,
      String districtName,
      LocalDate night,
      Instant deadline,
      List<Item> items,
      List<String> engineers) {
    StringBuilder b = new StringBuilder();
    b.append(districtName)
        .append(", night of ")
        .append(day(night))
        .append(" (files due by ")
        .append(DEADLINE.format(deadline))
        .append("):\n\n");
    if (kind == AlertKind.ESCALATION || kind == AlertKind.REMINDER) {
      b.append(
              kind == AlertKind.ESCALATION
                  ? "This has gone on for several nights in a row, so "
                  : "This still goes on, so ")
          .append(engineers.isEmpty() ? "the engineers are" : String.join(", ", engineers) + " is")
          .append(" told as well. Until it is fixed a reminder comes every ")
          .append(props.remindEveryNights())
          .append(" nights, not every night.\n\n");
    }
    for (Item i : items) {
      appendItem(b, i);
    }
    b.append("\nThe district's nights: ").append(props.link("/districts/" + district)).append('\n');
    b.append("Who gets these alerts: ")
        .append(props.link("/districts/" + district + "/alerts"))
        .append('\n');
    return b.toString();
  }

  private void appendItem(StringBuilder b, Item i) {
    b.append("* ").append(i.set().feed().label()).append(": ").append(word(i.set().state()));
    if (i.nightsInARow() > 1) {
      b.append(" (").append(ordinal(i.nightsInARow())).append(" night in a row)");
    }
    b.append("\n  ").append(i.set().reason()).append('\n');
    if (i.set().runId() != null) {
      b.append("  Run: ").append(runLink(i.set().runId())).append('\n');
    }
  }

  String runLink(long runId) {
    return props.link("/runs/" + runId);
  }

  String lateSubject(String districtName, LocalDate night, DataSetNight now) {
    return districtName
        + ": the "
        + now.feed().label()
        + " file arrived late for the night of "
        + day(night);
  }

  String outcomeSubject(String districtName, LocalDate night, DataSetNight now) {
    return districtName
        + ": the "
        + now.feed().label()
        + " file of the night of "
        + day(night)
        + " was "
        + word(now.state());
  }

  String changeBody(String district, String districtName, LocalDate night, DataSetNight now) {
    StringBuilder b = new StringBuilder();
    b.append(districtName).append(", night of ").append(day(night)).append(":\n\n");
    appendItem(b, new Item(now, 0));
    b.append("\nThe district's nights: ").append(props.link("/districts/" + district)).append('\n');
    return b.toString();
  }

  /** The webhook's JSON: a {@code text} a chat channel shows as it is, and the details. */
  String webhook(
      AlertKind kind,
      String district,
      String districtName,
      LocalDate night,
      String subject,
      List<Item> items) {
    Map<String, Object> m = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder(subject);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Item i : items) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("dataSet", i.set().feed().dataSet().id());
      one.put("part", i.set().feed().part());
      one.put("state", i.set().state().name());
      one.put("reason", i.set().reason());
      one.put("nightsInARow", i.nightsInARow());
      one.put("run", i.set().runId() == null ? null : runLink(i.set().runId()));
      list.add(one);
      text.append("\n• ")
          .append(i.set().feed().label())
          .append(": ")
          .append(word(i.set().state()))
          .append(". ")
          .append(i.set().reason());
    }
    text.append("\n").append(props.link("/districts/" + district));
    m.put("text", text.toString());
    m.put("kind", kind.name());
    m.put("district", district);
    m.put("districtName", districtName);
    m.put("night", night.toString());
    m.put("link", props.link("/districts/" + district));
    m.put("items", list);
    return JSON.writeValueAsString(m);
  }
}
