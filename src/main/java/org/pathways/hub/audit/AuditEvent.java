package org.pathways.hub.audit;

import java.time.Instant;

/**
 * One thing someone did.
 *
 * @param at when
 * @param actor who: an SFTP user name, an API key prefix, an engineer's name or {@code cli}
 * @param action what, such as {@code sftp.login} or {@code sftp-user.rotate}
 * @param district whose data or credentials it concerned, if any
 * @param target the file, account or key it concerned, if any
 * @param remote the address it came from, if over the network
 * @param outcome {@code ok}, {@code denied}, {@code locked} or {@code failed}
 * @param detail a short explanation; never a secret and never a district's data
 */
public record AuditEvent(
    Instant at,
    String actor,
    String action,
    String district,
    String target,
    String remote,
    String outcome,
    String detail) {}
