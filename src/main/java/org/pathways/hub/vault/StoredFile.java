package org.pathways.hub.vault;

/**
 * A received file as the vault keeps it.
 *
 * @param key where the vault keeps it; opaque to everyone else
 * @param sha256 lower-case hex SHA-256 of the bytes as received
 * @param size bytes as received
 */
public record StoredFile(String key, String sha256, long size) {}
