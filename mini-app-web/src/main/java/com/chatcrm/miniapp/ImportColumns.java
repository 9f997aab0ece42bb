package com.chatcrm.miniapp;

import com.chatcrm.engine.imports.ImportRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file's columns and the header names they answer to, as its {@link ImportLayout} knows them. A
 * header matches with spaces, a required-mark {@code *} and a note in brackets ignored, in any
 * order; headers that match nothing are ignored (and listed in the preview); a file without the
 * required column (客户名称, 公司名称) is refused.
 */
final class ImportColumns {

  /** The customer template's headers, in order; {@code *} marks the required one. */
  static final List<String> TEMPLATE = ImportLayout.CUSTOMER.template;

  private static final Pattern NOISE = Pattern.compile("[\\s\\u3000*＊]+|[(（][^)）]*[)）]");

  private final ImportLayout layout;

  /** Column index per header (without its mark). */
  private final Map<String, Integer> index;

  private final List<String> unknown;

  private ImportColumns(ImportLayout layout, Map<String, Integer> index, List<String> unknown) {
    this.layout = layout;
    this.index = index;
    this.unknown = unknown;
  }

  static ImportColumns of(ImportLayout layout, List<String> header) {
    Map<String, Integer> known = new HashMap<>();
    for (String h : layout.template) {
      known.put(clean(h), -1);
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String raw = header.get(i) == null ? "" : header.get(i).strip();
      String h = clean(raw);
      h = layout.aliases.getOrDefault(h, h);
      if (h.isEmpty()) {
        continue;
      }
      if (known.containsKey(h) && !index.containsKey(h)) {
        index.put(h, i);
      } else {
        unknown.add(raw);
      }
    }
    if (!index.containsKey(layout.required)) {
      throw CustomerImportFile.refused(
          "missing_column", "缺少必填列「" + layout.required + "」：请用模板的表头（第一行），列的顺序可以不同");
    }
    return new ImportColumns(layout, index, List.copyOf(unknown));
  }

  List<String> unknown() {
    return unknown;
  }

  ImportRow row(int rowNo, List<String> cells) {
    return layout.row(rowNo, column -> cell(cells, column));
  }

  private String cell(List<String> cells, String column) {
    Integer i = index.get(column);
    return i == null || i >= cells.size() ? null : cells.get(i);
  }

  static String clean(String header) {
    return NOISE.matcher(header).replaceAll("");
  }
}
