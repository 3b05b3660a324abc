package org.pathways.hub.vault;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One Tink streaming AEAD keyset per district, made on the district's first file and kept in the
 * database wrapped by the master key ({@link KeyWrapper}). The master key never encrypts a file, so
 * rotating it re-wraps a few hundred small keysets and no file is read again; a district's own
 * rotation adds a key that encrypts its new files, and its old keys stay to read the old ones.
 */
public final class DistrictKeys {

  /**
   * The kind of key new files are encrypted with: AES-256-CTR with HMAC-SHA256 in 1 MB segments.
   * Tink's AES-GCM streaming encrypts at about 170 MB/s on Java 17 (its GHASH runs in Java on the
   * ByteBuffer path Tink uses), CTR-HMAC at about 1.2 GB/s, both with the same guarantees for a
   * stored file. Keys made earlier with AES-GCM stay in their keysets and open their files.
   */
  static final com.google.crypto.tink.Parameters FILE_KEY =
      PredefinedStreamingAeadParameters.AES256_CTR_HMAC_SHA256_1MB;

  private static final Logger log = LoggerFactory.getLogger(DistrictKeys.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final KeyWrapper master;
  private final Clock clock;

  /** Unwrapped keysets by district, each with the row version it was read at. */
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long version, StreamingAead aead) {}

  /** A district keyset as the database holds it; read and dropped, never compared. */
  @SuppressWarnings("ArrayRecordComponent")
  private record Row(
      String district,
      byte[] wrapped,
      String masterVersion,
      long version,
      int keys,
      long primaryKeyId,
      Instant createdAt,
      Instant rotatedAt,
      Instant rewrappedAt) {}

  /**
   * What is known of a district's keyset without unwrapping it.
   *
   * @param district the district's code
   * @param keys how many keys the keyset holds (one more with each rotation)
   * @param primaryKeyId the id of the key that encrypts new files
   * @param masterVersion the master key version that wrapped it
   * @param createdAt when the district's first file made it
   * @param rotatedAt when a new key was last made primary, if ever
   * @param rewrappedAt when it was last re-wrapped by a master key rotation, if ever
   */
  public record KeyStatus(
      String district,
      int keys,
      long primaryKeyId,
      String masterVersion,
      Instant createdAt,
      Instant rotatedAt,
      Instant rewrappedAt) {}

  /**
   * The outcome of a master key rotation.
   *
   * @param masterVersion the new primary master key version
   * @param rewrapped how many district keysets were re-wrapped with it
   */
  public record MasterRotation(String masterVersion, int rewrapped) {}

  public DistrictKeys(JdbcClient jdbc, TransactionTemplate tx, KeyWrapper master, Clock clock) {
    Tink.init();
    this.jdbc = jdbc;
    this.tx = tx;
    this.master = master;
    this.clock = clock;
  }

  /**
   * How many district keysets each master key version wrapped, by version: a missing master key
   * with any of them is a lost key, and a version of another master key than the configured one is
   * a keyset the hub would not open.
   */
  public static Map<String, Long> countByMasterVersion(JdbcClient jdbc) {
    return jdbc.sql("select master_version, count(*) from vault_keyset group by master_version")
        .query(
            rs -> {
              Map<String, Long> counts = new TreeMap<>();
              while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
              }
              return counts;
            });
  }

  /** The district's keyset, made now if this is its first file. */
  StreamingAead forWriting(String district) throws GeneralSecurityException, IOException {
    Optional<Row> row = find(district);
    if (row.isEmpty()) {
      create(district);
      row = find(district);
    }
    return primitive(row.orElseThrow());
  }

  /** The district's keyset, to read its files with. */
  StreamingAead forReading(String district) throws GeneralSecurityException, IOException {
    Row row =
        find(district)
            .orElseThrow(
                () ->
                    new GeneralSecurityException(
                        "District " + district + " has no vault key, so no file of it was stored"));
    return primitive(row);
  }

  private StreamingAead primitive(Row row) throws GeneralSecurityException, IOException {
    Cached cached = cache.get(row.district());
    if (cached != null && cached.version() == row.version()) {
      return cached.aead();
    }
    StreamingAead aead = unwrap(row).getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    cache.put(row.district(), new Cached(row.version(), aead));
    return aead;
  }

  private void create(String district) throws GeneralSecurityException, IOException {
    KeysetHandle keyset = KeysetHandle.generateNew(FILE_KEY, RegistryConfiguration.get());
    WrappedKey wrapped = wrap(district, keyset);
    // Two nodes may store a district's first file at once: the first insert wins and both use it.
    int added =
        jdbc.sql(
                "insert into vault_keyset (district, keyset, master_version, version, key_count, primary_key_id, created_at)"
                    + " values (?, ?, ?, 1, 1, ?, ?) on conflict (district) do nothing")
            .params(
                district,
                wrapped.ciphertext(),
                wrapped.masterVersion(),
                Integer.toUnsignedLong(keyset.getPrimary().getId()),
                utc(clock.instant()))
            .update();
    if (added == 1) {
      log.info("Made the vault key of district {}", district);
    }
  }

  /** Adds a new key to a district's keyset and makes it the one that encrypts new files. */
  public KeyStatus rotateDistrictKey(String district) {
    inTransaction(
        () -> {
          Row row =
              lock(district)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "District "
                                  + district
                                  + " has no vault key yet: its first file makes one"));
          KeysetHandle rotated =
              KeysetHandle.newBuilder(unwrap(row))
                  .addEntry(
                      KeysetHandle.generateEntryFromParameters(FILE_KEY)
                          .withRandomId()
                          .makePrimary())
                  .build();
          WrappedKey wrapped = wrap(district, rotated);
          jdbc.sql(
                  "update vault_keyset set keyset = ?, master_version = ?, version = version + 1,"
                      + " key_count = ?, primary_key_id = ?, rotated_at = ? where district = ?")
              .params(
                  wrapped.ciphertext(),
                  wrapped.masterVersion(),
                  rotated.size(),
                  Integer.toUnsignedLong(rotated.getPrimary().getId()),
                  utc(clock.instant()),
                  district)
              .update();
          log.info(
              "Rotated the vault key of district {}: key {} of {} is primary",
              district,
              Integer.toUnsignedLong(rotated.getPrimary().getId()),
              rotated.size());
          return Boolean.TRUE;
        });
    return status(district).orElseThrow();
  }

  /**
   * Makes a new master key version primary and re-wraps every district keyset with it. Keysets left
   * wrapped by an older version (by a rotation that stopped midway) are re-wrapped too.
   */
  public MasterRotation rotateMasterKey() throws GeneralSecurityException, IOException {
    String version = master.rotate();
    return new MasterRotation(version, rewrapAll());
  }

  /** Re-wraps, with the primary master key version, every keyset that another version wrapped. */
  public int rewrapAll() throws GeneralSecurityException, IOException {
    String version = master.primaryVersion();
    List<String> stale =
        jdbc.sql("select district from vault_keyset where master_version <> ? order by district")
            .param(version)
            .query(String.class)
            .list();
    int n = 0;
    for (String district : stale) {
      Boolean done =
          inTransaction(
              () -> {
                Optional<Row> row = lock(district);
                if (row.isEmpty() || row.get().masterVersion().equals(version)) {
                  return false;
                }
                WrappedKey wrapped = wrap(district, unwrap(row.get()));
                jdbc.sql(
                        "update vault_keyset set keyset = ?, master_version = ?, version = version + 1,"
                            + " rewrapped_at = ? where district = ?")
                    .params(
                        wrapped.ciphertext(),
                        wrapped.masterVersion(),
                        utc(clock.instant()),
                        district)
                    .update();
                return true;
              });
      if (Boolean.TRUE.equals(done)) {
        n++;
      }
    }
    log.info("Re-wrapped {} district vault keys with master key {}", n, version);
    return n;
  }

  /** Every district's keyset, by district. */
  public List<KeyStatus> list() {
    return jdbc.sql(SELECT + " order by district").query((rs, i) -> statusOf(row(rs))).list();
  }

  public Optional<KeyStatus> status(String district) {
    return find(district).map(DistrictKeys::statusOf);
  }

  private static KeyStatus statusOf(Row r) {
    return new KeyStatus(
        r.district(),
        r.keys(),
        r.primaryKeyId(),
        r.masterVersion(),
        r.createdAt(),
        r.rotatedAt(),
        r.rewrappedAt());
  }

  private static final String SELECT =
      "select district, keyset, master_version, version, key_count, primary_key_id, created_at,"
          + " rotated_at, rewrapped_at from vault_keyset";

  private Optional<Row> find(String district) {
    return jdbc.sql(SELECT + " where district = ?")
        .param(district)
        .query((rs, i) -> row(rs))
        .optional();
  }

  private Optional<Row> lock(String district) {
    return jdbc.sql(SELECT + " where district = ? for update")
        .param(district)
        .query((rs, i) -> row(rs))
        .optional();
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getBytes(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getInt(5),
        rs.getLong(6),
        instant(rs, 7),
        instant(rs, 8),
        instant(rs, 9));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    java.sql.Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** Binds a wrapped keyset to its district: moved to another district's row, it will not open. */
  private static byte[] associatedData(String district) {
    return ("pathways-hub/vault/keyset/v1:" + district).getBytes(StandardCharsets.UTF_8);
  }

  private WrappedKey wrap(String district, KeysetHandle keyset)
      throws GeneralSecurityException, IOException {
    byte[] clear =
        TinkProtoKeysetFormat.serializeKeyset(
            keyset, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    try {
      return master.wrap(clear, associatedData(district));
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  private KeysetHandle unwrap(Row row) throws GeneralSecurityException, IOException {
    byte[] clear;
    try {
      clear = master.unwrap(row.wrapped(), associatedData(row.district()));
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          "The vault key of district "
              + row.district()
              + " (wrapped by master key "
              + row.masterVersion()
              + ") does not unwrap with "
              + master.describe()
              + ": is this the hub's own master key?",
          e);
    }
    try {
      return TinkProtoKeysetFormat.parseKeyset(
          clear, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  /** Work on keysets inside one transaction; checked failures come out unchecked. */
  private interface KeyWork<T> {
    T run() throws GeneralSecurityException, IOException;
  }

  private <T> T inTransaction(KeyWork<T> work) {
    return tx.execute(
        status -> {
          try {
            return work.run();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
