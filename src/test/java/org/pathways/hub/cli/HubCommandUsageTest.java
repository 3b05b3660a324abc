package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The command line's help, version and usage errors: nothing here touches a store. */
class HubCommandUsageTest {

  /** Every command and subcommand of the hub, by its path of names (the root's is empty). */
  static Map<List<String>, CommandLine> commandTree() {
    Map<List<String>, CommandLine> tree = new LinkedHashMap<>();
    collect(new CommandLine(new HubCommand()), List.of(), tree);
    return tree;
  }

  private static void collect(
      CommandLine cl, List<String> path, Map<List<String>, CommandLine> into) {
    into.put(path, cl);
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      collect(sub.getValue(), List.copyOf(subPath), into);
    }
  }

  @Test
  void theTreeHoldsEveryDocumentedCommand() {
    assertThat(commandTree().keySet())
        .contains(
            List.of("serve"),
            List.of("district", "add"),
            List.of("district", "list"),
            List.of("district", "override"),
            List.of("ingest"),
            List.of("export"),
            List.of("generate"),
            List.of("run", "list"),
            List.of("run", "show"),
            List.of("run", "release"),
            List.of("run", "discard"),
            List.of("vault", "rotate-master-key"),
            List.of("vault", "rotate-key"),
            List.of("vault", "purge"),
            List.of("powerschool", "plugin"));
  }

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelpWithItsOptions() {
    return commandTree().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    String.join(" ", prepend("hub", e.getKey())) + " --help",
                    () -> assertHelp(e.getKey(), e.getValue())));
  }

  private static void assertHelp(List<String> path, CommandLine cl) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    Cli.Result r = Cli.plain(args.toArray(String[]::new));
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    assertThat(r.out()).contains("Usage: " + String.join(" ", prepend("hub", path)));
    for (OptionSpec option : cl.getCommandSpec().options()) {
      if (!option.hidden()) {
        assertThat(r.out()).as("help of %s names %s", path, option).contains(option.longestName());
      }
    }
    for (PositionalParamSpec param : cl.getCommandSpec().positionalParameters()) {
      if (!param.hidden()) {
        assertThat(r.out()).as("help of %s names %s", path, param).contains(param.paramLabel());
      }
    }
    for (String sub : cl.getSubcommands().keySet()) {
      assertThat(r.out()).as("help of %s lists %s", path, sub).contains(sub);
    }
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  @Test
  void versionNamesTheHub() {
    for (String flag : List.of("--version", "-V")) {
      Cli.Result r = Cli.plain(flag);
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.out().strip()).isEqualTo("Pathways Data Integration Hub 0.1");
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Result r = Cli.plain("district", "list", "--colour");
    assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("error: Unknown option: '--colour'")
        .contains("Usage: hub district list");

    Cli.Result ingest = Cli.plain("ingest", "--district", "d1", "--fast", "students.txt");
    assertThat(ingest.status()).as(ingest.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(ingest.err()).contains("'--fast'").contains("Usage: hub ingest");
  }

  @Test
  void anUnknownSubcommandAndAMissingRequiredOptionAreUsageErrors() {
    Cli.Result unknown = Cli.plain("district", "remove", "--code", "d1");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknown.err()).contains("remove").contains("Usage: hub district");

    for (String group : List.of("district", "run")) {
      Cli.Result none = Cli.plain(group);
      assertThat(none.status()).as(none.toString()).isEqualTo(ExitCodes.SYSTEM);
      assertThat(none.out()).isEmpty();
      assertThat(none.err())
          .contains("Missing required subcommand")
          .contains("Usage: hub " + group);
    }

    Cli.Result missing = Cli.plain("district", "add", "--code", "d1", "--name", "D One");
    assertThat(missing.status()).as(missing.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(missing.err())
        .contains("Missing required options")
        .contains("--state")
        .contains("--sis")
        .contains("Usage: hub district add");

    Cli.Result badState =
        Cli.plain("generate", "--sis", "standard", "--state", "OH", "--out", "unused");
    assertThat(badState.status()).as(badState.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(badState.err()).contains("--state").contains("OH").contains("TX, IN");
  }
}
