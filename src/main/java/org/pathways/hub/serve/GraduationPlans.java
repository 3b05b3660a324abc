package org.pathways.hub.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The states' graduation plans, read from one YAML resource per state ({@code graduation/tx.yaml},
 * {@code graduation/in.yaml}), and which plan applies to a student. Plain Java: a change of a
 * state's rule is a change of its file, checked when it is read. Every mistake in a file (an
 * unknown key, subject area or plan code, requirements that do not add up to the plan's credits) is
 * refused with the file and line it stands on.
 */
public final class GraduationPlans {

  /** The plan files the hub ships, one per state. */
  public static final List<String> RESOURCES = List.of("graduation/tx.yaml", "graduation/in.yaml");

  private static final Set<String> ROOT_KEYS = Set.of("state", "plans", "from_class_of");
  private static final Set<String> PLAN_KEYS =
      Set.of("id", "name", "codes", "credits", "requirements", "courses");
  private static final Set<String> REQUIREMENT_KEYS =
      Set.of("id", "label", "credits", "areas", "rest");
  private static final Set<String> COURSE_KEYS = Set.of("state_course_code", "name");
  private static final Set<String> CLASS_KEYS = Set.of("year", "plan");

  /** The crosswalk's subject areas and the students file's plan codes: what a file may name. */
  private static final Set<String> SUBJECT_AREAS =
      DataSet.COURSE_CROSSWALK.field("subject_area").orElseThrow().codes();

  private static final Set<String> PLAN_CODES =
      DataSet.STUDENTS.field("graduation_plan").orElseThrow().codes();

  private final Map<State, StatePlans> byState;

  private GraduationPlans(Map<State, StatePlans> byState) {
    this.byState = byState;
  }

  /**
   * One state's file.
   *
   * @param state the state
   * @param plans its plans, in file order
   * @param fromClass the plan every student of a class from a year on is on, whatever the SIS
   *     sends; null when the state has no such rule
   */
  public record StatePlans(State state, List<GraduationPlan> plans, ClassRule fromClass) {
    public StatePlans {
      Objects.requireNonNull(state, "state");
      plans = List.copyOf(plans);
    }

    Optional<GraduationPlan> plan(String id) {
      return plans.stream().filter(p -> p.id().equals(id)).findFirst();
    }
  }

  /** From the class of {@code year} on, every student is on the plan {@code planId}. */
  public record ClassRule(int year, String planId) {}

  /**
   * The plan that applies to a student, or none, with why when it is not simply the plan of the
   * code the SIS sent.
   *
   * @param plan the plan, or null when none applies
   * @param note what a counselor or district should know, or null
   */
  public record Assignment(GraduationPlan plan, String note) {}

  /** The plans the hub ships. */
  public static GraduationPlans standard() {
    List<StatePlans> all = new ArrayList<>();
    for (String resource : RESOURCES) {
      try (InputStream in = GraduationPlans.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the hub's resources");
        }
        all.add(read(in, resource));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read " + resource, e);
      }
    }
    return of(all);
  }

  /** A catalog of the given states' plans; one file per state. */
  public static GraduationPlans of(List<StatePlans> states) {
    Map<State, StatePlans> byState = new EnumMap<>(State.class);
    for (StatePlans s : states) {
      if (byState.put(s.state(), s) != null) {
        throw new IllegalArgumentException("Two plan files for " + s.state());
      }
    }
    return new GraduationPlans(byState);
  }

  /** The plans of a state, in file order; empty when it has no file. */
  public List<GraduationPlan> plans(State state) {
    StatePlans s = byState.get(state);
    return s == null ? List.of() : s.plans();
  }

  /** Every {@code graduation_plan} code one of the state's plans applies to. */
  public Set<String> codes(State state) {
    Set<String> out = new TreeSet<>();
    plans(state).forEach(p -> out.addAll(p.codes()));
    return out;
  }

  /** The state's class rule, or null. */
  public ClassRule fromClass(State state) {
    StatePlans s = byState.get(state);
    return s == null ? null : s.fromClass();
  }

  /**
   * The plan of a student of a district in {@code state} whose students file says {@code code} (may
   * be null) and {@code graduationYear} (may be null).
   */
  public Assignment assign(State state, String code, Integer graduationYear) {
    StatePlans s = byState.get(state);
    String c = code == null || code.isBlank() ? null : code.strip().toUpperCase(Locale.ROOT);
    if (s == null) {
      return new Assignment(null, "The hub has no graduation plans for " + state + ".");
    }
    ClassRule rule = s.fromClass();
    if (rule != null && graduationYear != null && graduationYear >= rule.year()) {
      GraduationPlan plan = s.plan(rule.planId()).orElseThrow();
      String note =
          c == null || plan.codes().contains(c)
              ? null
              : "The students file says "
                  + c
                  + ", but from the class of "
                  + rule.year()
                  + " every student is on the "
                  + plan.name()
                  + ".";
      return new Assignment(plan, note);
    }
    if (c == null) {
      return new Assignment(
          null,
          "The students file gives no graduation plan for this student: send graduation_plan ("
              + String.join(", ", codes(state))
              + ").");
    }
    for (GraduationPlan p : s.plans()) {
      if (p.codes().contains(c)) {
        return new Assignment(p, null);
      }
    }
    return new Assignment(
        null,
        "Graduation plan "
            + c
            + " is not a plan of "
            + state
            + ": send one of "
            + String.join(", ", codes(state))
            + ".");
  }

  /**
   * Reads one state's file.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException naming the file and line of the first mistake
   */
  public static StatePlans read(InputStream in, String source) {
    Node root;
    try {
      root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new IllegalArgumentException(source + " is empty");
    }
    return new Reader(source).statePlans(root);
  }

  /** Walks the YAML nodes, which know their line, so every refusal can name it. */
  private record Reader(String source) {

    StatePlans statePlans(Node root) {
      Map<String, Node> top = mapping(root, ROOT_KEYS, "the file");
      State state = state(required(top, "state", root));
      List<GraduationPlan> plans = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      Map<String, String> planOfCode = new LinkedHashMap<>();
      for (Node n : sequence(required(top, "plans", root), "plans")) {
        GraduationPlan p = plan(n, state);
        if (!ids.add(p.id())) {
          throw fail(n, "a second plan with the id " + p.id());
        }
        for (String code : p.codes()) {
          String other = planOfCode.put(code, p.id());
          if (other != null) {
            throw fail(n, "plan code " + code + " is given to both " + other + " and " + p.id());
          }
        }
        plans.add(p);
      }
      ClassRule rule = null;
      Node classNode = top.get("from_class_of");
      if (classNode != null) {
        Map<String, Node> m = mapping(classNode, CLASS_KEYS, "from_class_of");
        Node year = required(m, "year", classNode);
        String planId = text(required(m, "plan", classNode), "from_class_of.plan");
        if (!ids.contains(planId)) {
          throw fail(classNode, "from_class_of names plan " + planId + ", which the file lacks");
        }
        try {
          rule = new ClassRule(Integer.parseInt(text(year, "from_class_of.year")), planId);
        } catch (NumberFormatException e) {
          throw fail(year, "from_class_of.year must be a year, such as 2029");
        }
      }
      return new StatePlans(state, plans, rule);
    }

    GraduationPlan plan(Node node, State state) {
      Map<String, Node> m = mapping(node, PLAN_KEYS, "a plan");
      String id = text(required(m, "id", node), "id");
      String where = "plan " + id;
      List<String> codes = new ArrayList<>();
      for (Node c : sequence(required(m, "codes", node), where + ": codes")) {
        String code = text(c, where + ": codes");
        if (!PLAN_CODES.contains(code)) {
          throw fail(
              c,
              where
                  + ": unknown graduation_plan code '"
                  + code
                  + "' (the Standard Layout's are "
                  + String.join(", ", new TreeSet<>(PLAN_CODES))
                  + ")");
        }
        codes.add(code);
      }
      BigDecimal credits = credits(required(m, "credits", node), where);
      List<GraduationPlan.Requirement> requirements = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      boolean rest = false;
      BigDecimal sum = BigDecimal.ZERO;
      for (Node r : sequence(required(m, "requirements", node), where + ": requirements")) {
        GraduationPlan.Requirement req = requirement(r, where);
        if (!ids.add(req.id())) {
          throw fail(r, where + ": a second requirement with the id " + req.id());
        }
        if (req.rest() && rest) {
          throw fail(r, where + ": only one requirement may take the rest");
        }
        rest |= req.rest();
        sum = sum.add(req.credits());
        requirements.add(req);
      }
      if (sum.compareTo(credits) != 0) {
        throw fail(
            node,
            where
                + ": its requirements add up to "
                + sum.toPlainString()
                + " credits, not the plan's "
                + credits.toPlainString());
      }
      List<GraduationPlan.RequiredCourse> courses = new ArrayList<>();
      Node coursesNode = m.get("courses");
      if (coursesNode != null) {
        for (Node c : sequence(coursesNode, where + ": courses")) {
          Map<String, Node> cm = mapping(c, COURSE_KEYS, where + ": a course");
          courses.add(
              new GraduationPlan.RequiredCourse(
                  text(required(cm, "state_course_code", c), where + ": state_course_code"),
                  text(required(cm, "name", c), where + ": name")));
        }
      }
      return new GraduationPlan(
          id,
          text(required(m, "name", node), where + ": name"),
          state,
          codes,
          credits,
          requirements,
          courses);
    }

    GraduationPlan.Requirement requirement(Node node, String plan) {
      Map<String, Node> m = mapping(node, REQUIREMENT_KEYS, plan + ": a requirement");
      String id = text(required(m, "id", node), plan + ": requirement id");
      String where = plan + ", requirement " + id;
      List<String> areas = new ArrayList<>();
      for (Node a : sequence(required(m, "areas", node), where + ": areas")) {
        String area = text(a, where + ": areas");
        if (!SUBJECT_AREAS.contains(area)) {
          throw fail(
              a,
              where
                  + ": unknown subject area '"
                  + area
                  + "' (the course crosswalk's are "
                  + String.join(", ", new TreeSet<>(SUBJECT_AREAS))
                  + ")");
        }
        areas.add(area);
      }
      if (areas.isEmpty()) {
        throw fail(node, where + ": areas must name at least one subject area");
      }
      boolean rest = false;
      Node restNode = m.get("rest");
      if (restNode != null) {
        String v = text(restNode, where + ": rest");
        if (!v.equals("true") && !v.equals("false")) {
          throw fail(restNode, where + ": rest must be true or false");
        }
        rest = v.equals("true");
      }
      return new GraduationPlan.Requirement(
          id,
          text(required(m, "label", node), where + ": label"),
          credits(required(m, "credits", node), where),
          areas,
          rest);
    }

    State state(Node node) {
      String v = text(node, "state");
      try {
        return State.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw fail(node, "state must be one of TX, IN, not '" + v + "'");
      }
    }

    BigDecimal credits(Node node, String where) {
      String v = text(node, where + ": credits");
      try {
        BigDecimal d = new BigDecimal(v);
        if (d.signum() <= 0) {
          throw fail(node, where + ": credits must be more than 0, not " + v);
        }
        return d;
      } catch (NumberFormatException e) {
        throw fail(node, where + ": credits must be a number, not '" + v + "'");
      }
    }

    Map<String, Node> mapping(Node node, Set<String> keys, String what) {
      if (!(node instanceof MappingNode m)) {
        throw fail(node, what + " must be a mapping of keys to values");
      }
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = text(t.getKeyNode(), what + ": a key");
        if (!keys.contains(key)) {
          throw fail(
              t.getKeyNode(),
              what
                  + ": unknown key '"
                  + key
                  + "' (known: "
                  + String.join(", ", new TreeSet<>(keys))
                  + ")");
        }
        if (out.put(key, t.getValueNode()) != null) {
          throw fail(t.getKeyNode(), what + ": the key '" + key + "' is given twice");
        }
      }
      return out;
    }

    List<Node> sequence(Node node, String what) {
      if (!(node instanceof SequenceNode s)) {
        throw fail(node, what + " must be a list");
      }
      return s.getValue();
    }

    String text(Node node, String what) {
      if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
        throw fail(node, what + " must be a single value");
      }
      return s.getValue().strip();
    }

    Node required(Map<String, Node> m, String key, Node parent) {
      Node n = m.get(key);
      if (n == null) {
        throw fail(parent, "'" + key + "' is missing");
      }
      return n;
    }

    IllegalArgumentException fail(Node node, String message) {
      return new IllegalArgumentException(
          source + " line " + (node.getStartMark().getLine() + 1) + ": " + message);
    }
  }
}
