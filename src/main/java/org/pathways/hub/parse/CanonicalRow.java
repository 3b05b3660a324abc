package org.pathways.hub.parse;

/**
 * One data row mapped onto its canonical data set: values in {@code DataSet.fields()} order, as
 * received but trimmed and with the profile's value maps applied. Null where the file has no value.
 *
 * <p>The array is owned by the row and is normalised in place by the validator, which is why this
 * is a class and not a record: rows are the one value that crosses stages millions of times a
 * night.
 */
public final class CanonicalRow {
  private final long line;
  private final String[] values;
  private byte[] keyHash;
  private byte[] valueHash;
  private long lineHash;

  public CanonicalRow(long line, String[] values) {
    this.line = line;
    this.values = values;
  }

  public long line() {
    return line;
  }

  public String get(int field) {
    return values[field];
  }

  public void set(int field, String value) {
    values[field] = value;
  }

  public int size() {
    return values.length;
  }

  /**
   * Keeps the row's key and value hashes, taken on the thread that read it once its values are
   * final, for the thread that stages it. A row changed after this must not be staged.
   */
  public void hashed(byte[] key, byte[] values) {
    this.keyHash = key;
    this.valueHash = values;
  }

  /** Whether {@link #hashed} was called: a row always has a value hash once hashed. */
  public boolean isHashed() {
    return valueHash != null;
  }

  /** The key's hash, or null when the row has no whole key; see {@link #hashed}. */
  public byte[] keyHash() {
    return keyHash;
  }

  public byte[] valueHash() {
    return valueHash;
  }

  /**
   * The hash of the line of text the row was read from, when that line can recognise its record on
   * a later night: one whole line, in which nothing found an issue; else 0.
   */
  public long lineHash() {
    return lineHash;
  }

  public void lineHash(long hash) {
    this.lineHash = hash;
  }
}
