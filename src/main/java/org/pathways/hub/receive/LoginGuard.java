package org.pathways.hub.receive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Locks out an address or an account after repeated failed sign-ins, so a password cannot be
 * guessed by trying. A lockout refuses even the right password until it ends, and says so only in
 * the audit trail, not to the client.
 */
@Component
public class LoginGuard {

  private final int failures;
  private final int addressFailures;
  private final Duration window;
  private final Duration lockout;
  private final Clock clock;
  private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
  private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

  public LoginGuard(SftpProperties props, Clock clock) {
    this.failures = props.lockoutFailures();
    this.addressFailures = props.lockoutAddressFailures();
    this.window = props.lockoutWindow();
    this.lockout = props.lockoutDuration();
    this.clock = clock;
  }

  /** Whether sign-ins from this address or for this account are refused now. */
  public boolean locked(String address, String username) {
    return lockedNow("address " + address) || lockedNow("account " + username);
  }

  /**
   * Counts a failed sign-in.
   *
   * @return what became locked by this failure, if anything, for the audit trail
   */
  public String failed(String address, String username) {
    String newly = null;
    for (String subject : new String[] {"address " + address, "account " + username}) {
      if (count(subject, subject.startsWith("address ") ? addressFailures : failures)) {
        newly = newly == null ? subject : newly + " and " + subject;
      }
    }
    return newly;
  }

  /** A successful sign-in clears the account's failures; the address's stay counted. */
  public void succeeded(String username) {
    recent.remove("account " + username);
  }

  private boolean lockedNow(String subject) {
    Instant until = lockedUntil.get(subject);
    if (until == null) {
      return false;
    }
    if (clock.instant().isBefore(until)) {
      return true;
    }
    lockedUntil.remove(subject, until);
    return false;
  }

  private boolean count(String subject, int limit) {
    Instant now = clock.instant();
    Deque<Instant> times = recent.computeIfAbsent(subject, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
        times.removeFirst();
      }
      if (times.size() >= limit && !lockedNow(subject)) {
        lockedUntil.put(subject, now.plus(lockout));
        times.clear();
        return true;
      }
      return false;
    }
  }
}
