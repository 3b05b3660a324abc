package org.pathways.hub.receive.pull.powerschool;

import java.util.Objects;

/**
 * An argument of a PowerQuery, sent in the body of {@code POST /ws/schema/query/{name}}.
 *
 * @param name the argument's name, as the query's SQL reads it ({@code :name})
 * @param type PowerSchool's argument type ({@code primitive})
 * @param required whether a call must send it
 * @param defaultValue what the query uses when the call does not send it, or null
 * @param description what it does, for the person reading the plugin
 */
public record PowerQueryArgument(
    String name, String type, boolean required, String defaultValue, String description) {

  public PowerQueryArgument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
  }
}
