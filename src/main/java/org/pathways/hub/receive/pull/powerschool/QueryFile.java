package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A query's records as the comma-separated file the profile expects (a header of its columns, then
 * one line per record, quoted as RFC 4180 says where a value needs it), fetched a page at a time as
 * the reader asks for more: only one page is ever held, however many records the query has. Reading
 * ends after the last page by PowerSchool's count, or at an empty page.
 */
final class QueryFile extends InputStream {

  private final PowerSchoolClient client;
  private final String query;
  private final List<String> columns;
  private final List<String> keys;
  private final long pages;
  private final int pageSize;
  private byte[] buffer;
  private int pos;
  private int nextPage = 1;
  private boolean done;
  private long rows;

  /**
   * @param count the records PowerSchool counted for the query
   */
  QueryFile(
      PowerSchoolClient client, String query, List<String> columns, long count, int pageSize) {
    this.client = Objects.requireNonNull(client, "client");
    this.query = Objects.requireNonNull(query, "query");
    this.columns = List.copyOf(columns);
    this.keys = this.columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size " + pageSize);
    }
    this.pageSize = pageSize;
    this.pages = (count + pageSize - 1) / pageSize;
    StringBuilder header = new StringBuilder();
    line(header, this.columns);
    this.buffer = header.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The records read so far. */
  long rows() {
    return rows;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (pos >= buffer.length) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, buffer.length - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Fetches the next page into the buffer; false at the end of the query. */
  private boolean fill() throws IOException {
    if (done || nextPage > pages) {
      done = true;
      return false;
    }
    if (nextPage > Integer.MAX_VALUE - 1) {
      throw new IOException("Query " + query + " has more pages than can be asked for");
    }
    List<Map<String, String>> records = client.page(query, (int) nextPage, pageSize);
    nextPage++;
    if (records.isEmpty()) {
      // The count may have shrunk while the pages were read (a student withdrawn at midnight).
      done = true;
      return false;
    }
    StringBuilder out = new StringBuilder(records.size() * 128);
    String[] values = new String[keys.size()];
    for (Map<String, String> r : records) {
      for (int i = 0; i < keys.size(); i++) {
        values[i] = r.getOrDefault(keys.get(i), "");
      }
      line(out, List.of(values));
      rows++;
    }
    buffer = out.toString().getBytes(StandardCharsets.UTF_8);
    pos = 0;
    return true;
  }

  private static void line(StringBuilder out, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      cell(out, values.get(i));
    }
    out.append('\n');
  }

  /** RFC 4180: a value with a comma, a quote or a line break is quoted, its quotes doubled. */
  static void cell(StringBuilder out, String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
