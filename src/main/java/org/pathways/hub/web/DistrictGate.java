package org.pathways.hub.web;

import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one check every district page, download and action goes through: a district the viewer may
 * not see answers exactly as one that does not exist, 404, so its existence is not disclosed
 * either.
 */
@Component
class DistrictGate {

  private final DistrictRepository districts;

  DistrictGate(DistrictRepository districts) {
    this.districts = districts;
  }

  District require(Viewer viewer, String code) {
    if (viewer == null || code == null || !viewer.canSee(code)) {
      throw notFound();
    }
    return districts.find(code).orElseThrow(DistrictGate::notFound);
  }

  /** For actions only staff take (settings, held runs, approvals): others get a 404 as well. */
  District requireStaff(Viewer viewer, String code) {
    if (viewer == null || !viewer.staff()) {
      throw notFound();
    }
    return require(viewer, code);
  }

  static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND);
  }
}
