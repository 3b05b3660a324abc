package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A table sent as a CSV or XLSX download. CSV streams row by row. XLSX is built in memory, not with
 * POI's streaming workbook, because that one spills rows to temporary files in clear and issue
 * values can be student data; the tables downloaded are bounded (a run keeps at most a set number
 * of issues). A CSV cell that a spreadsheet would read as a formula is written as text.
 */
final class TableDownload {

  /** The two formats every table downloads in. */
  enum Format {
    CSV("text/csv; charset=utf-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    final String contentType;
    final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }

    static Format of(String extension) {
      for (Format f : values()) {
        if (f.extension.equals(extension)) {
          return f;
        }
      }
      throw DistrictGate.notFound();
    }
  }

  /** Receives the rows of a table, one call per row. */
  interface Rows {
    void add(List<?> row) throws IOException;
  }

  private TableDownload() {}

  static void send(
      HttpServletResponse response,
      Format format,
      String baseName,
      String sheet,
      List<String> header,
      RowSource source)
      throws IOException {
    response.setContentType(format.contentType);
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"" + baseName + "." + format.extension + "\"");
    // A download holds student data: it is not kept by the browser's or a proxy's cache.
    response.setHeader("Cache-Control", "no-store");
    try (OutputStream out = response.getOutputStream()) {
      if (format == Format.CSV) {
        csv(out, header, source);
      } else {
        xlsx(out, sheet, header, source);
      }
    }
  }

  /** Writes every row of a table. */
  interface RowSource {
    void write(Rows rows) throws IOException;
  }

  private static void csv(OutputStream out, List<String> header, RowSource source)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write('\ufeff'); // so Excel opens it as UTF-8
    Rows rows =
        row -> {
          for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
              w.write(',');
            }
            w.write(csvCell(row.get(i)));
          }
          w.write("\r\n");
        };
    rows.add(header);
    source.write(rows);
    w.flush();
  }

  static String csvCell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s; // OWASP: a leading formula character would run in a spreadsheet
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0
        || s.startsWith(" ")
        || s.endsWith(" ")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static void xlsx(
      OutputStream out, String sheetName, List<String> header, RowSource source)
      throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook()) {
      XSSFSheet sheet = book.createSheet(sheetName);
      CellStyle bold = book.createCellStyle();
      Font font = book.createFont();
      font.setBold(true);
      bold.setFont(font);
      int[] next = {0};
      Consumer<List<?>> write =
          row -> {
            Row r = sheet.createRow(next[0]++);
            for (int i = 0; i < row.size(); i++) {
              Object v = row.get(i);
              Cell c = r.createCell(i);
              if (v instanceof Number n) {
                c.setCellValue(n.doubleValue());
              } else if (v != null) {
                c.setCellValue(v.toString());
              }
              if (r.getRowNum() == 0) {
                c.setCellStyle(bold);
              }
            }
          };
      write.accept(header);
      sheet.createFreezePane(0, 1);
      source.write(write::accept);
      book.write(out);
    }
  }
}
