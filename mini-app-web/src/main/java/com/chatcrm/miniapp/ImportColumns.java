package com.chatcrm.miniapp;

import com.chatcrm.engine.imports.ImportRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The import's columns and the header names they answer to. A header matches with spaces, a
 * required-mark {@code *} and a note in brackets ignored, in any order; headers that match nothing
 * are ignored (and listed in the preview); a file without a 客户名称 column is refused.
 */
final class ImportColumns {

  /** The template's headers, in order; {@code *} marks the required one. */
  static final List<String> TEMPLATE =
      List.of(
          "客户名称*", "简称", "级别", "行业", "地区", "来源", "电话", "地址", "标签", "联系人", "联系人电话", "联系人职务", "负责人");

  /** Other names people give the same columns. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("名称", "客户名称"),
          Map.entry("客户", "客户名称"),
          Map.entry("公司名称", "客户名称"),
          Map.entry("客户简称", "简称"),
          Map.entry("客户级别", "级别"),
          Map.entry("所属行业", "行业"),
          Map.entry("客户来源", "来源"),
          Map.entry("联系电话", "电话"),
          Map.entry("公司电话", "电话"),
          Map.entry("联系人姓名", "联系人"),
          Map.entry("联系人手机", "联系人电话"),
          Map.entry("职务", "联系人职务"),
          Map.entry("归属人", "负责人"));

  private static final Pattern NOISE = Pattern.compile("[\\s\\u3000*＊]+|[(（][^)）]*[)）]");

  /** Column index per header (without its mark). */
  private final Map<String, Integer> index;

  private final List<String> unknown;

  private ImportColumns(Map<String, Integer> index, List<String> unknown) {
    this.index = index;
    this.unknown = unknown;
  }

  static ImportColumns of(List<String> header) {
    Map<String, Integer> known = new HashMap<>();
    for (String h : TEMPLATE) {
      known.put(clean(h), -1);
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String raw = header.get(i) == null ? "" : header.get(i).strip();
      String h = clean(raw);
      h = ALIASES.getOrDefault(h, h);
      if (h.isEmpty()) {
        continue;
      }
      if (known.containsKey(h) && !index.containsKey(h)) {
        index.put(h, i);
      } else {
        unknown.add(raw);
      }
    }
    if (!index.containsKey("客户名称")) {
      throw CustomerImportFile.refused("missing_column", "缺少必填列「客户名称」：请用模板的表头（第一行），列的顺序可以不同");
    }
    return new ImportColumns(index, List.copyOf(unknown));
  }

  List<String> unknown() {
    return unknown;
  }

  ImportRow row(int rowNo, List<String> cells) {
    return new ImportRow(
        rowNo,
        cell(cells, "客户名称"),
        cell(cells, "简称"),
        cell(cells, "级别"),
        cell(cells, "行业"),
        cell(cells, "地区"),
        cell(cells, "来源"),
        cell(cells, "电话"),
        cell(cells, "地址"),
        cell(cells, "标签"),
        cell(cells, "联系人"),
        cell(cells, "联系人电话"),
        cell(cells, "联系人职务"),
        cell(cells, "负责人"));
  }

  private String cell(List<String> cells, String column) {
    Integer i = index.get(column);
    return i == null || i >= cells.size() ? null : cells.get(i);
  }

  static String clean(String header) {
    return NOISE.matcher(header).replaceAll("");
  }
}
