package org.pathways.hub.receive.pull.powerschool;

/** Escaping for the plugin's hand-written XML, which keeps its files byte-for-byte stable. */
final class Xml {

  private Xml() {}

  static String text(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String attr(String s) {
    return text(s).replace("\"", "&quot;");
  }

  /** Text inside a comment, which may not hold two dashes in a row. */
  static String comment(String s) {
    return s.replace("--", "- -");
  }
}
