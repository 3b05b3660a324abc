package org.pathways.hub.receive;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SFTP server's settings ({@code sftp.*}).
 *
 * @param enabled whether the hub listens for SFTP at all
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param maxFileMb the largest file one upload may write
 * @param maxBucketMb the most a district's inbox may hold at once
 * @param lockoutFailures failed sign-ins for one account (SFTP or portal) that lock it out
 * @param lockoutAddressFailures failed sign-ins from one address that lock the address out: more
 *     than for an account, as a whole district's staff may share one address behind its firewall
 * @param lockoutWindow the time in which those failures count
 * @param lockoutDuration how long a lockout lasts
 * @param compatibleMacs also offer hmac-sha2-256/512 in encrypt-and-MAC mode, last, for clients
 *     built on libssh2 older than 1.11; off, the server passes ssh-audit without a warning
 * @param staleUploadDays an upload cut off and not resumed for this long is removed
 */
@ConfigurationProperties(prefix = "sftp")
public record SftpProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("0.0.0.0") String host,
    @DefaultValue("2222") int port,
    @DefaultValue("4096") long maxFileMb,
    @DefaultValue("16384") long maxBucketMb,
    @DefaultValue("5") int lockoutFailures,
    @DefaultValue("25") int lockoutAddressFailures,
    @DefaultValue("15m") Duration lockoutWindow,
    @DefaultValue("15m") Duration lockoutDuration,
    @DefaultValue("true") boolean compatibleMacs,
    @DefaultValue("7") int staleUploadDays) {}
