package org.pathways.hub.generate;

/**
 * A Pathways sign-in of a generated district.
 *
 * @param campusIds the {@code ;} list of campus ids, or null for all campuses
 * @param staffId the same person's teacher id, or null
 */
record User(
    String email,
    String firstName,
    String lastName,
    String role,
    String campusIds,
    String staffId) {}
