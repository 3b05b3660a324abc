package org.pathways.hub.receive.pull.powerschool;

/** Why a request to PowerSchool failed, by who can fix it and how. */
public enum Problem {
  /** The server address is wrong: unknown host, nothing listening, a redirect elsewhere. */
  ADDRESS,
  /** The server's certificate is not trusted. */
  CERTIFICATE,
  /** PowerSchool refused the client id and secret. */
  CREDENTIALS,
  /** The Pathways plugin is not installed or not enabled: its queries are unknown. */
  PLUGIN,
  /** The plugin lacks access to a field one of its queries reads. */
  PERMISSION,
  /** PowerSchool did not answer in time. */
  TIMEOUT,
  /** PowerSchool failed or was busy on every attempt. */
  SERVER,
  /** PowerSchool answered something the hub does not understand. */
  RESPONSE,
  /** The pull took longer than it may. */
  DEADLINE
}
