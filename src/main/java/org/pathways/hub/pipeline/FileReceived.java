package org.pathways.hub.pipeline;

import java.util.Objects;

/**
 * Published when a received file is stored in the vault and recorded, before its runs are
 * processed.
 *
 * @param fileId the received file's id
 * @param district the district's code
 * @param channel how it came: {@code sftp}, {@code api}, {@code portal}, {@code cli}
 */
public record FileReceived(long fileId, String district, String channel) {

  public FileReceived {
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(channel, "channel");
  }
}
