package org.pathways.hub.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.pathways.hub.profile.FileSpec;

/**
 * A profile's file specification: the Markdown of {@code docs/layouts/<profile>.md}, as shipped in
 * the jar, and its HTML for the kit page. Raw HTML in the Markdown is escaped, not passed through,
 * so the page's Content Security Policy and markup cannot be broken by a document. Headings move
 * two levels down to sit under the page's own, and get ids the list of files links to.
 */
final class Specification {

  static final String ANCHOR_PREFIX = "spec-";

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Pattern NUMBERED = Pattern.compile("\\d+\\.\\s.*");
  private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");

  /** A heading of the document: its id, its text, and the code spans under it. */
  private record Section(String id, String title, Set<String> headingCode, Set<String> code) {}

  private final String profileId;
  private final String markdown;
  private final String html;
  private final List<Section> sections;

  private Specification(String profileId, String markdown) {
    this.profileId = profileId;
    this.markdown = markdown;
    Node document = Parser.builder().extensions(EXTENSIONS).build().parse(markdown);
    IdentityHashMap<Node, String> ids = new IdentityHashMap<>();
    this.sections = sections(document, ids);
    this.html =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(
                context ->
                    (node, tag, attributes) -> {
                      String id = ids.get(node);
                      if (id != null) {
                        attributes.put("id", id);
                      }
                    })
            .build()
            .render(document);
  }

  /** The specification of a built-in profile, read from the class path. */
  static Specification of(String profileId) {
    String resource = "layouts/" + profileId + ".md";
    try (InputStream in = Specification.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The specification " + resource + " of profile " + profileId + " is not in the jar");
      }
      return new Specification(profileId, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + resource, e);
    }
  }

  /** A specification from text, for tests of the rendering. */
  static Specification parse(String profileId, String markdown) {
    return new Specification(profileId, markdown);
  }

  String profileId() {
    return profileId;
  }

  /** The file name the specification has in a kit. */
  String fileName() {
    return profileId + ".md";
  }

  String markdown() {
    return markdown;
  }

  String html() {
    return html;
  }

  /**
   * The section describing a file: the first numbered section that names the file's first name
   * pattern (a SIS document's "File name" row), else the one whose title names its data set (the
   * Standard Layout's "Students (`students`)").
   */
  Optional<String> anchorFor(FileSpec file) {
    List<Section> numbered =
        sections.stream().filter(s -> NUMBERED.matcher(s.title()).matches()).toList();
    if (!file.names().isEmpty()) {
      String name = file.names().get(0);
      for (Section s : numbered) {
        if (s.code().contains(name)) {
          return Optional.of(s.id());
        }
      }
    }
    return numbered.stream()
        .filter(s -> s.headingCode().contains(file.dataSet().id()))
        .map(Section::id)
        .findFirst();
  }

  private static List<Section> sections(Node document, IdentityHashMap<Node, String> ids) {
    List<Section> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    Section current = null;
    for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading h) {
        Set<String> headingCode = codeIn(h);
        String title = textOf(h);
        String id = unique(ANCHOR_PREFIX + slug(title), taken);
        ids.put(h, id);
        current = new Section(id, title, headingCode, new LinkedHashSet<>(headingCode));
        out.add(current);
        // The page has its h1 and h2; the document's own levels follow under them.
        h.setLevel(Math.min(6, h.getLevel() + 2));
      } else if (current != null) {
        current.code().addAll(codeIn(n));
      }
    }
    return List.copyOf(out);
  }

  private static Set<String> codeIn(Node node) {
    Set<String> code = new LinkedHashSet<>();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Code c) {
            code.add(c.getLiteral());
          }
        });
    return code;
  }

  private static String textOf(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text t) {
            sb.append(t.getLiteral());
          }

          @Override
          public void visit(Code c) {
            sb.append(c.getLiteral());
          }
        });
    return sb.toString().strip();
  }

  private static String slug(String title) {
    String s = NOT_SLUG.matcher(title.toLowerCase(Locale.ROOT)).replaceAll("-");
    s = s.replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "section" : s;
  }

  private static String unique(String id, Set<String> taken) {
    String candidate = id;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = id + "-" + i;
    }
    return candidate;
  }
}
