package org.pathways.hub.pipeline;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What this node of the hub does, from {@code hub.roles} (default all three): several nodes share
 * one database and one vault, and each runs the roles it is given. A {@code web} node serves the
 * portal and the APIs, an {@code sftp} node listens for SFTP, a {@code worker} node processes
 * received files. A file received on a node without the worker role waits in the database as a
 * {@code RECEIVED} run until a worker claims it.
 */
public final class NodeRoles {

  /** A role a node may have. */
  public enum Role {
    WEB,
    SFTP,
    WORKER
  }

  public static final String PROPERTY = "hub.roles";
  public static final String ALL = "web,sftp,worker";

  private final Set<Role> roles;

  private NodeRoles(Set<Role> roles) {
    this.roles = roles;
  }

  /**
   * Reads roles as configured: names separated by commas, in any case.
   *
   * @throws IllegalArgumentException naming a role that is not one, or none at all
   */
  public static NodeRoles parse(String text) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String part : text.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        out.add(Role.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            PROPERTY + " names '" + part.strip() + "', which is not a role: use web, sftp, worker",
            e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          PROPERTY + " is empty: give at least one of web, sftp, worker");
    }
    return new NodeRoles(out);
  }

  public static NodeRoles of(Environment env) {
    return parse(env.getProperty(PROPERTY, ALL));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  @Override
  public String toString() {
    return roles.toString().toLowerCase(Locale.ROOT);
  }

  /** Makes a bean only on a node with the role {@link OnNodeRole} names. */
  static final class RoleCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Map<String, Object> attributes = metadata.getAnnotationAttributes(OnNodeRole.class.getName());
      Role role = attributes == null ? null : (Role) attributes.get("value");
      return role == null || of(context.getEnvironment()).has(role);
    }
  }
}
