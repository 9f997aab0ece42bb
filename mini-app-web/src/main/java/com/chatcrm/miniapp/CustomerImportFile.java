package com.chatcrm.miniapp;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.imports.ImportRow;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * An uploaded .xlsx or .csv read into the import's rows (customers or leads, as its {@link
 * ImportLayout} says): the first row is the header, matched to {@link ImportColumns} by name; blank
 * lines are left out. A .xlsx is streamed (fastexcel-reader); a .csv is UTF-8 with or without a
 * byte-order mark, or GBK as Excel on Chinese Windows saves it. Runs on a worker thread.
 */
final class CustomerImportFile {

  /** The rows and the header cells no column of the import answers to. */
  record Parsed(List<ImportRow> rows, List<String> unknownColumns) {}

  /** What Excel on Chinese Windows writes a CSV in; GB18030 reads every GBK file the same. */
  static final Charset GBK = Charset.forName("GB18030");

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CustomerImportFile() {}

  static Parsed read(byte[] bytes, ImportLayout layout) {
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 8));
    if (ReadableWorkbook.isOLE2Header(head)) {
      throw refused(
          "unsupported_format", "不支持 .xls（Excel 97-2003）格式，请在 Excel 里另存为 .xlsx 或 .csv 再上传");
    }
    try {
      return ReadableWorkbook.isOOXMLZipHeader(head) ? xlsx(bytes, layout) : csv(bytes, layout);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInput refusal) {
        throw refusal;
      }
      throw refused("unreadable", "文件无法读取：请上传用模板填写的 .xlsx 或 .csv 文件");
    }
  }

  /**
   * The charset a CSV is in: a BOM says UTF-8; else UTF-8 if the bytes are valid UTF-8; else GBK.
   */
  static Charset charset(byte[] bytes) {
    if (startsWithBom(bytes)) {
      return StandardCharsets.UTF_8;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return StandardCharsets.UTF_8;
    } catch (CharacterCodingException e) {
      return GBK;
    }
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3 && Arrays.equals(Arrays.copyOf(bytes, 3), BOM);
  }

  private static Parsed xlsx(byte[] bytes, ImportLayout layout) throws IOException {
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes));
        Stream<Row> rows = wb.getFirstSheet().openStream()) {
      Builder b = new Builder(layout);
      rows.forEach(
          row -> {
            List<String> cells = new ArrayList<>(row.getCellCount());
            for (int i = 0; i < row.getCellCount(); i++) {
              cells.add(text(row.getCell(i)));
            }
            b.add(row.getRowNum(), cells);
          });
      return b.done();
    }
  }

  private static Parsed csv(byte[] bytes, ImportLayout layout) throws IOException {
    int skip = startsWithBom(bytes) ? BOM.length : 0;
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (Reader reader =
            new InputStreamReader(
                new ByteArrayInputStream(bytes, skip, bytes.length - skip), charset(bytes));
        MappingIterator<String[]> lines = mapper.readerFor(String[].class).readValues(reader)) {
      Builder b = new Builder(layout);
      // counted in records, as Excel shows the file: a quoted cell spanning lines is one row
      int record = 0;
      while (lines.hasNextValue()) {
        b.add(++record, Arrays.asList(lines.nextValue()));
      }
      return b.done();
    }
  }

  private static String text(Cell cell) {
    if (cell == null) {
      return null;
    }
    return switch (cell.getType()) {
      case NUMBER ->
          // 13800138000 typed into a number cell: its digits, never 1.38E10
          new BigDecimal(cell.getRawValue()).stripTrailingZeros().toPlainString();
      case STRING, BOOLEAN -> cell.getText();
      case FORMULA -> cell.getRawValue();
      default -> null;
    };
  }

  static InvalidInput refused(String reason, String message) {
    return new InvalidInput(message, new JsonObject().put("field", "file").put("reason", reason));
  }

  /** Collects rows after the header. */
  private static final class Builder {
    private final ImportLayout layout;
    private ImportColumns columns;
    private final List<ImportRow> rows = new ArrayList<>();

    Builder(ImportLayout layout) {
      this.layout = layout;
    }

    void add(int rowNo, List<String> cells) {
      if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
        return;
      }
      if (columns == null) {
        columns = ImportColumns.of(layout, cells);
        return;
      }
      if (rows.size() >= CustomerImports.MAX_ROWS) {
        throw refused("too_many_rows", "文件超过 " + CustomerImports.MAX_ROWS + " 行，请分成几个文件分别导入");
      }
      rows.add(columns.row(rowNo, cells));
    }

    Parsed done() {
      if (columns == null) {
        throw refused("empty", "文件是空的：第一行应是表头（请下载模板填写）");
      }
      if (rows.isEmpty()) {
        throw refused("no_rows", "文件里没有数据行：表头下面每行填" + layout.kind.one());
      }
      return new Parsed(List.copyOf(rows), columns.unknown());
    }
  }
}
