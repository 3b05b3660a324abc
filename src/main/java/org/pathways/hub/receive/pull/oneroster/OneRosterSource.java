package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Clazz;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Course;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Demographic;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Enrollment;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Org;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Session;
import org.pathways.hub.receive.pull.oneroster.OneRoster.User;

/**
 * A OneRoster data set, read collection by collection and record by record, so that a district of
 * any size streams through: the REST API a page at a time, a CSV zip an entry at a time. Each call
 * reads its collection anew.
 */
public interface OneRosterSource {

  /** Receives records as they are read. */
  @FunctionalInterface
  interface Sink<T> {
    void accept(T record) throws IOException;
  }

  OneRoster.Version version();

  void orgs(Sink<Org> sink) throws IOException;

  void academicSessions(Sink<Session> sink) throws IOException;

  void demographics(Sink<Demographic> sink) throws IOException;

  /** The users holding {@code role} ({@code student}, {@code teacher}) among their roles. */
  void users(String role, Sink<User> sink) throws IOException;

  void courses(Sink<Course> sink) throws IOException;

  void classes(Sink<Clazz> sink) throws IOException;

  void enrollments(Sink<Enrollment> sink) throws IOException;
}
