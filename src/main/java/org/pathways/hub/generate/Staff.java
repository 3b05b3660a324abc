package org.pathways.hub.generate;

/**
 * A member of a generated district's staff.
 *
 * @param campus the index of the primary campus
 * @param role the teachers data set's role: {@code TEACHER}, {@code COUNSELOR}, {@code ADMIN} or
 *     {@code OTHER} (the registrar)
 * @param group the {@link Course#teacherGroup()} a teacher teaches, or -1
 * @param active false for a teacher who has left but still appears on past transcripts
 */
record Staff(
    String id,
    String stateId,
    String firstName,
    String lastName,
    String email,
    int campus,
    String role,
    int group,
    boolean active) {}
