package org.pathways.hub.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The profiles shipped with the hub, read once from {@code profiles/*.yaml} on the class path. */
public final class ProfileCatalog {

  /** Every built-in profile id, in the order they are documented. */
  public static final List<String> BUILT_IN =
      List.of(
          "standard",
          "ascender-tx",
          "cognos-tx",
          "harmony-in",
          "powerschool-in",
          "powerschool-tx",
          "skyward-q-in",
          "skyward-q-tx",
          "skyward-sms-in",
          "skyward-sms-tx");

  private final Map<String, Profile> profiles = new LinkedHashMap<>();

  public ProfileCatalog() {
    for (String id : BUILT_IN) {
      String resource = "profiles/" + id + ".yaml";
      try (InputStream in = ProfileCatalog.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new ProfileException("Built-in profile " + resource + " is missing from the jar");
        }
        Profile p = ProfileReader.read(in, resource);
        if (!p.id().equals(id)) {
          throw new ProfileException(
              resource + ": its id is '" + p.id() + "', expected '" + id + "'");
        }
        profiles.put(id, p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public Optional<Profile> find(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  public Profile get(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new ProfileException(
                    "Unknown SIS profile '" + id + "'; the profiles are " + BUILT_IN));
  }

  public List<Profile> all() {
    return List.copyOf(profiles.values());
  }
}
