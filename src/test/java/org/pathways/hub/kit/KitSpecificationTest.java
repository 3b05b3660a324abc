package org.pathways.hub.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;

/**
 * The specifications the kit shows are the documents of docs/layouts/ as shipped in the jar, every
 * file of every profile links to its own section, and nothing in a document can put markup on the
 * page.
 */
class KitSpecificationTest {

  static Stream<String> profiles() {
    return ProfileCatalog.BUILT_IN.stream();
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void theJarCarriesTheDocumentOfDocsLayoutsAndEveryFileHasItsSection(String id)
      throws IOException {
    Specification spec = Specification.of(id);
    assertThat(spec.markdown())
        .isEqualTo(Files.readString(Path.of("docs/layouts", id + ".md"), StandardCharsets.UTF_8));
    assertThat(spec.html()).contains("<table>").contains("<h3 id=\"spec-");
    Profile profile = new ProfileCatalog().get(id);
    for (FileSpec f : profile.files()) {
      String anchor = spec.anchorFor(f).orElse(null);
      assertThat(anchor).as("section of %s in %s", f.label(), id).isNotNull();
      assertThat(spec.html()).contains("id=\"" + anchor + "\"");
    }
  }

  @Test
  void aSisFileLinksToTheSectionThatNamesIt() {
    Specification spec = Specification.of("skyward-sms-tx");
    Profile profile = new ProfileCatalog().get("skyward-sms-tx");
    assertThat(spec.anchorFor(profile.file(DataSet.STUDENTS, null).orElseThrow()))
        .hasValue("spec-1-students");
    assertThat(spec.anchorFor(profile.file(DataSet.GRADES, "current").orElseThrow()))
        .hasValue("spec-6-grades-current-semester-in-progress");
    Specification standard = Specification.of("standard");
    assertThat(
            standard.anchorFor(
                new ProfileCatalog().get("standard").file(DataSet.GPA, null).orElseThrow()))
        .hasValue("spec-6-gpa-gpa");
  }

  @Test
  void rawHtmlAndScriptLinksAreEscaped() {
    Specification spec =
        Specification.parse(
            "test",
            "# Title <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                + "[link](javascript:alert(1))\n\n| a | b |\n| --- | --- |\n| <b>x</b> | `y` |\n");
    assertThat(spec.html())
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<b>")
        .doesNotContain("javascript:")
        .contains("&lt;script&gt;")
        .contains("<h3 id=\"spec-title-alert-1\">")
        .contains("<td><code>y</code></td>");
  }
}
