package org.pathways.hub.pipeline;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.profile.ProfileReader;
import org.springframework.stereotype.Component;

/** A district's profile: the built-in one for its SIS, with the district's override applied. */
@Component
public class ProfileResolver {

  private final ProfileCatalog catalog;
  private final DistrictRepository districts;

  public ProfileResolver(ProfileCatalog catalog, DistrictRepository districts) {
    this.catalog = catalog;
    this.districts = districts;
  }

  public Profile forDistrict(District district) {
    return districts
        .profileOverride(district.code())
        .map(yaml -> withOverride(district, yaml))
        .orElse(catalog.get(district.profileId()));
  }

  /** The district's profile with {@code yaml} as its override; throws if the override is wrong. */
  public Profile withOverride(District district, String yaml) {
    return ProfileReader.override(
        catalog.get(district.profileId()),
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "override of district " + district.code());
  }

  public Profile standard() {
    return catalog.get("standard");
  }
}
