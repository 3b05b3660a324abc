package org.pathways.hub.serve;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.FieldType;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

/**
 * Writes a district's live snapshot of a data set in the Standard Layout (pipe-separated, header,
 * RFC 4180 quotes), streamed by the database's COPY so any size costs the same memory.
 */
@Component
public class SnapshotExporter {

  private final DataSource dataSource;

  public SnapshotExporter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Returns the number of records written. */
  public long export(String district, DataSet ds, boolean includeInactive, Writer out)
      throws SQLException, IOException {
    String columns =
        ds.fields().stream().map(SnapshotExporter::asText).collect(Collectors.joining(", "));
    String order = ds.keyFields().stream().map(Field::name).collect(Collectors.joining(", "));
    String active = ds.deactivates() && !includeInactive ? " and live" : "";
    // The district code is bound as a literal because COPY takes no parameters; it is checked
    // against the district pattern before it gets here.
    if (!district.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("Not a district code: " + district);
    }
    String sql =
        "copy (select "
            + columns
            + " from "
            + ds.id()
            + " where district = '"
            + district
            + "'"
            + active
            + " order by "
            + order
            + ") to stdout with (format csv, delimiter '|', header true, null '')";
    try (Connection c = dataSource.getConnection()) {
      return c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
    }
  }

  private static String asText(Field f) {
    if (f.type() == FieldType.FLAG) {
      return "case when "
          + f.name()
          + " then 'Y' when not "
          + f.name()
          + " then 'N' end as "
          + f.name();
    }
    return f.name();
  }
}
