package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.monitor.Expectations;
import org.pathways.hub.monitor.Feed;
import org.pathways.hub.monitor.History;
import org.pathways.hub.monitor.NightCalendar;
import org.pathways.hub.monitor.NightPlan;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.Pause;
import org.pathways.hub.monitor.RowCounts;
import org.pathways.hub.onboarding.Onboarding;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A district's nightly history and expectations: the calendar of its last 90 nights, the rows its
 * files held over them (a chart and the same figures as a table), and what it is expected to send
 * on which nights, with its pause windows. The contact sees it all; only engineers change the
 * expectations, every change audited under their email.
 */
@Controller
@RequestMapping("/districts/{code}/nightly")
class NightlyController {

  /** A pause longer than this is taken for a typo in the year. */
  static final int MAX_PAUSE_NIGHTS = 366;

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.US);

  private final DistrictGate gate;
  private final History history;
  private final Expectations expectations;
  private final Onboarding onboarding;
  private final AuditLog audit;

  NightlyController(
      DistrictGate gate,
      History history,
      Expectations expectations,
      Onboarding onboarding,
      AuditLog audit) {
    this.gate = gate;
    this.history = history;
    this.expectations = expectations;
    this.onboarding = onboarding;
    this.audit = audit;
  }

  /**
   * A cell's state in words, for the legend and screen readers; NONE is a night nothing was due.
   */
  static final Map<String, String> LABELS =
      Map.of(
          "OK", "on time",
          "LATE", "late",
          "MISSING", "missing",
          "HELD", "held for review",
          "FAILED", "failed",
          "PROCESSING", "being processed",
          "PAUSED", "paused",
          "NONE", "nothing due");

  /**
   * A mark per state besides its colour, so the calendar reads without colours too (WCAG 1.4.1).
   */
  static final Map<String, String> SYMBOLS =
      Map.of(
          "OK", "\u2713",
          "LATE", "L",
          "MISSING", "\u2717",
          "HELD", "H",
          "FAILED", "F",
          "PROCESSING", "\u2026",
          "PAUSED", "P",
          "NONE", "");

  /** A month's heading over the calendar's nights. */
  public record Month(String label, int nights) {}

  /** One data set's (or part's) nights of the week, as the editor shows them. */
  public record Expected(Feed feed, Set<DayOfWeek> days) {
    public boolean on(DayOfWeek day) {
      return days.contains(day);
    }

    /** The nights in words, such as "every night" or "Mon, Tue, Wed". */
    public String words() {
      return NightlyController.words(days);
    }
  }

  /** One night of the row-count table: rows read per data set, empty where nothing loaded. */
  public record CountRow(LocalDate night, List<String> rows) {}

  /** The chart's figures: rows read per data set per night, null where nothing loaded. */
  public record Chart(
      String district, LocalDate from, LocalDate to, List<LocalDate> nights, List<Series> series) {}

  public record Series(String dataSet, List<Long> rowsRead) {}

  @GetMapping
  String page(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    NightPlan plan = expectations.plan(d);
    RowCounts counts = history.rowCounts(d, History.NIGHTS);
    NightCalendar calendar = history.calendar(d, History.NIGHTS);
    model.addAttribute("district", d);
    model.addAttribute("calendar", calendar);
    model.addAttribute("plan", plan);
    model.addAttribute("semesterEnds", Expectations.monthDayText(plan.semesterEnds()));
    model.addAttribute("integration", onboarding.integration(d));
    model.addAttribute("expected", expected(d, plan));
    model.addAttribute("days", DayOfWeek.values());
    model.addAttribute("states", NightState.values());
    model.addAttribute("labels", LABELS);
    model.addAttribute("symbols", SYMBOLS);
    model.addAttribute("months", months(calendar));
    model.addAttribute("counts", counts);
    model.addAttribute("countRows", countRows(counts));
    return "nightly";
  }

  @GetMapping(value = "/rows.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  Chart rows(@AuthenticationPrincipal Viewer viewer, @PathVariable String code) {
    District d = gate.require(viewer, code);
    RowCounts counts = history.rowCounts(d, History.NIGHTS);
    List<LocalDate> nights = counts.nights();
    List<Series> series = new ArrayList<>();
    for (DataSet ds : counts.dataSets()) {
      List<Long> rows = new ArrayList<>();
      for (LocalDate night : nights) {
        rows.add(counts.on(night, ds).map(RowCounts.Count::rowsRead).orElse(null));
      }
      series.add(new Series(ds.id(), rows));
    }
    return new Chart(d.code(), counts.from(), counts.to(), nights, series);
  }

  /**
   * Saves the nights of the week of every data set in the form; only the data sets that changed are
   * saved and audited.
   */
  @PostMapping("/nights")
  String nights(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam MultiValueMap<String, String> form,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    List<Expected> before = expected(d, expectations.plan(d));
    List<Expected> after = new ArrayList<>();
    try {
      for (Expected e : before) {
        after.add(new Expected(e.feed(), parseDays(form.get("nights-" + e.feed().id()))));
      }
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(),
          "expectations.nights",
          code,
          code,
          request.getRemoteAddr(),
          "refused",
          e.getMessage());
      flash.addFlashAttribute("error", e.getMessage());
      return redirect(code);
    }
    List<String> changed = new ArrayList<>();
    List<String> never = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      Expected was = before.get(i);
      Expected now = after.get(i);
      if (now.days().isEmpty()) {
        never.add(now.feed().label());
      }
      if (was.days().equals(now.days())) {
        continue;
      }
      expectations.setNights(code, now.feed(), now.days(), viewer.email());
      audit.record(
          viewer.email(),
          "expectations.nights",
          code,
          now.feed().id(),
          request.getRemoteAddr(),
          "ok",
          was.words() + " -> " + now.words());
      changed.add(now.feed().label() + ": " + now.words());
    }
    if (changed.isEmpty()) {
      flash.addFlashAttribute("message", "Nothing changed.");
    } else {
      String message = "Expected nights saved: " + String.join("; ", changed) + ".";
      if (!never.isEmpty()) {
        message +=
            " Not expected on any night, so never reported missing: "
                + String.join(", ", never)
                + ".";
      }
      flash.addFlashAttribute("message", message);
    }
    return redirect(code);
  }

  /** Sets the days by which a district that uploads by hand sends its files each semester. */
  @PostMapping("/semesters")
  String semesters(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String ends,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    String action = "expectations.semesters";
    List<MonthDay> before = expectations.semesterEnds(code);
    try {
      List<MonthDay> now =
          expectations.setSemesterEnds(code, Expectations.monthDays(ends), viewer.email());
      String detail = Expectations.monthDayText(before) + " -> " + Expectations.monthDayText(now);
      audit.record(viewer.email(), action, code, code, request.getRemoteAddr(), "ok", detail);
      flash.addFlashAttribute(
          "message",
          "Semester ends saved: "
              + Expectations.monthDayText(now)
              + ". Each data set is due by the deadline of the night each starts.");
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(), action, code, code, request.getRemoteAddr(), "refused", e.getMessage());
      flash.addFlashAttribute("error", "The semester ends were not saved: " + e.getMessage() + ".");
    }
    return redirect(d.code());
  }

  @PostMapping("/pauses/add")
  String addPause(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String starts,
      @RequestParam(defaultValue = "") String ends,
      @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    String action = "expectations.pause.add";
    try {
      LocalDate first = parseDate(starts, "first night");
      LocalDate last = parseDate(ends, "last night");
      if (!last.isBefore(first) && ChronoUnit.DAYS.between(first, last) >= MAX_PAUSE_NIGHTS) {
        throw new IllegalArgumentException(
            "A pause of more than a year ("
                + first
                + " to "
                + last
                + ") is not taken: check the years");
      }
      long id = expectations.addPause(code, first, last, reason, viewer.email());
      String detail = first + " to " + last + ": " + reason.strip();
      audit.record(
          viewer.email(), action, code, "pause " + id, request.getRemoteAddr(), "ok", detail);
      flash.addFlashAttribute("message", "Paused from " + detail + ". Nothing alerts then.");
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(), action, code, code, request.getRemoteAddr(), "refused", e.getMessage());
      flash.addFlashAttribute("error", "The pause was not added: " + e.getMessage() + ".");
      flash.addFlashAttribute("pauseDraft", new PauseDraft(starts, ends, reason));
    }
    return redirect(d.code());
  }

  /** What an engineer typed into a refused pause, to fill the form again. */
  public record PauseDraft(String starts, String ends, String reason) {}

  @PostMapping("/pauses/remove")
  String removePause(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String id,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    String action = "expectations.pause.remove";
    try {
      long pauseId = parseId(id);
      Pause p =
          expectations.pauses(code).stream()
              .filter(x -> x.id() == pauseId)
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("No such pause of this district"));
      expectations.removePause(code, pauseId);
      String detail = p.starts() + " to " + p.ends() + ": " + p.reason();
      audit.record(
          viewer.email(), action, code, "pause " + pauseId, request.getRemoteAddr(), "ok", detail);
      flash.addFlashAttribute("message", "Pause removed (" + detail + ").");
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(), action, code, code, request.getRemoteAddr(), "refused", e.getMessage());
      flash.addFlashAttribute("error", "The pause was not removed: " + e.getMessage() + ".");
    }
    return redirect(d.code());
  }

  /**
   * Every data set (or part) the district's profile sends, with its nights: one the engineer set to
   * no nights is not in the plan, and still listed here so it can be turned on again.
   */
  private List<Expected> expected(District d, NightPlan plan) {
    List<Expected> out = new ArrayList<>();
    for (Feed f : expectations.feeds(d)) {
      out.add(new Expected(f, plan.nights().getOrDefault(f, EnumSet.noneOf(DayOfWeek.class))));
    }
    return out;
  }

  private static List<Month> months(NightCalendar calendar) {
    List<Month> out = new ArrayList<>();
    YearMonth current = null;
    int n = 0;
    for (LocalDate night : calendar.days()) {
      YearMonth m = YearMonth.from(night);
      if (!m.equals(current)) {
        if (current != null) {
          out.add(new Month(MONTH.format(current), n));
        }
        current = m;
        n = 0;
      }
      n++;
    }
    if (current != null) {
      out.add(new Month(MONTH.format(current), n));
    }
    return out;
  }

  private static List<CountRow> countRows(RowCounts counts) {
    List<CountRow> out = new ArrayList<>();
    // Newest first: the table is read from last night back.
    List<LocalDate> nights = new ArrayList<>(counts.nights());
    java.util.Collections.reverse(nights);
    for (LocalDate night : nights) {
      List<String> rows = new ArrayList<>();
      boolean any = false;
      for (DataSet ds : counts.dataSets()) {
        var c = counts.on(night, ds);
        any |= c.isPresent();
        rows.add(c.map(x -> String.format(Locale.US, "%,d", x.rowsRead())).orElse(""));
      }
      if (any) {
        out.add(new CountRow(night, rows));
      }
    }
    return out;
  }

  static String words(Set<DayOfWeek> days) {
    if (days.equals(NightPlan.EVERY_NIGHT)) {
      return "every night";
    }
    if (days.isEmpty()) {
      return "no night";
    }
    return String.join(
        ", ",
        days.stream().sorted().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.US)).toList());
  }

  private static Set<DayOfWeek> parseDays(List<String> values) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    if (values == null) {
      return out;
    }
    for (String v : values) {
      try {
        out.add(DayOfWeek.valueOf(v.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + v + "' is not a day of the week such as MONDAY; nothing was saved", e);
      }
    }
    return out;
  }

  private static LocalDate parseDate(String value, String what) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("Give the " + what);
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "The " + what + " '" + value + "' is not a date such as 2026-06-01", e);
    }
  }

  private static long parseId(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("No such pause of this district", e);
    }
  }

  private static String redirect(String code) {
    return "redirect:/districts/" + code + "/nightly";
  }
}
