package org.pathways.hub.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A link's query string from a form's values: blank ones are left out, so the links of a filtered
 * and paged list carry only the filters in force.
 */
final class QueryString {

  private final StringBuilder sb = new StringBuilder();

  QueryString add(String name, String value) {
    if (value != null && !value.isBlank()) {
      sb.append(sb.isEmpty() ? "" : "&")
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
