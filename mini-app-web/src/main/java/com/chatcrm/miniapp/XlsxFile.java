package com.chatcrm.miniapp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A workbook streamed into a temporary file for a download (fastexcel flushes each page to the
 * file); used from one worker at a time, and deleted by whoever sends it.
 */
final class XlsxFile {

  private final Path file;
  private final OutputStream out;
  private final Workbook workbook;

  private XlsxFile(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
    this.workbook = new Workbook(out, "Chat CRM", "1.0");
  }

  static XlsxFile open(String prefix) throws IOException {
    Path file = Files.createTempFile(prefix, ".xlsx");
    return new XlsxFile(file, Files.newOutputStream(file));
  }

  /** A sheet whose first row is the bold, frozen header. */
  Worksheet sheet(String name, List<String> header) {
    Worksheet ws = workbook.newWorksheet(name);
    for (int c = 0; c < header.size(); c++) {
      ws.value(0, c, header.get(c));
      ws.style(0, c).bold().set();
    }
    ws.freezePane(0, 1);
    return ws;
  }

  Path finish() throws IOException {
    workbook.finish();
    out.close();
    return file;
  }

  Void discard() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }
}
