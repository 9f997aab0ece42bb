package com.chatcrm.miniapp;

import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.imports.ImportKind;
import com.chatcrm.engine.imports.ImportRow;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a file of each kind of import looks like: its template (headers, an example row, notes), the
 * other names its headers go by, its required column and how a line becomes an {@link ImportRow}.
 * Everything else (reading the file, the job, the result) is the same for both.
 */
enum ImportLayout {
  CUSTOMER(
      ImportKind.CUSTOMER,
      "客户名称",
      List.of(
          "客户名称*", "简称", "级别", "行业", "地区", "来源", "电话", "地址", "标签", "联系人", "联系人电话", "联系人职务", "负责人"),
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
          Map.entry("归属人", "负责人")),
      List.of(
          "星辰科技有限公司",
          "星辰",
          "意向",
          "软件",
          "上海",
          "展会",
          "021-66668888",
          "上海市浦东新区张江路 88 号",
          "重点，新客户",
          "王伟",
          "13800138000",
          "采购经理",
          ""),
      List.of(
          "第一行是表头，从第二行起每行一个客户；列的顺序可以调整，不认识的列会被忽略。",
          "客户名称必填；级别填 潜在、意向、成交 或 流失，留空为潜在。",
          "电话、联系人电话可填多个，用逗号或顿号分开；标签同样。",
          "负责人填同事的姓名，留空则为你自己；只能填你自己或你管理的同事（管理员可填任何人）。",
          "与已有客户同名或同电话的行会被标为重复并跳过，导入前可以先预览。",
          "也可以另存为 .csv（UTF-8 或 GBK）上传；一次最多 " + CustomerImports.MAX_ROWS + " 行、20 MB。"),
      (no, cell) ->
          new ImportRow(
              no,
              cell.apply("客户名称"),
              cell.apply("简称"),
              cell.apply("级别"),
              cell.apply("行业"),
              cell.apply("地区"),
              cell.apply("来源"),
              cell.apply("电话"),
              cell.apply("地址"),
              cell.apply("标签"),
              cell.apply("联系人"),
              cell.apply("联系人电话"),
              cell.apply("联系人职务"),
              cell.apply("负责人"))),

  LEAD(
      ImportKind.LEAD,
      "公司名称",
      List.of("公司名称*", "联系人", "电话", "地区", "行业", "来源备注", "负责人"),
      Map.ofEntries(
          Map.entry("名称", "公司名称"),
          Map.entry("公司", "公司名称"),
          Map.entry("客户名称", "公司名称"),
          Map.entry("企业名称", "公司名称"),
          Map.entry("联系人姓名", "联系人"),
          Map.entry("联系电话", "电话"),
          Map.entry("手机", "电话"),
          Map.entry("联系人电话", "电话"),
          Map.entry("所属行业", "行业"),
          Map.entry("来源", "来源备注"),
          Map.entry("备注", "来源备注"),
          Map.entry("归属人", "负责人")),
      List.of("星辰科技有限公司", "王伟", "13800138000", "上海", "软件", "2026 上海工博会名片", ""),
      List.of(
          "第一行是表头，从第二行起每行一条线索；列的顺序可以调整，不认识的列会被忽略。",
          "公司名称必填；电话可填多个，用逗号或顿号分开。",
          "负责人填同事的姓名（你自己，或你管理的同事；管理员可填任何人）；" + "留空则按线索分配规则分配，没有匹配的规则就放入线索池。",
          "与已有线索或客户同名或同电话的行会被标为重复并跳过，导入前可以先预览。",
          "也可以另存为 .csv（UTF-8 或 GBK）上传；一次最多 " + CustomerImports.MAX_ROWS + " 行、20 MB。"),
      (no, cell) ->
          new ImportRow(
              no,
              cell.apply("公司名称"),
              null,
              null,
              cell.apply("行业"),
              cell.apply("地区"),
              // the engine reads a lead row's source column as its 来源备注
              cell.apply("来源备注"),
              cell.apply("电话"),
              null,
              null,
              cell.apply("联系人"),
              null,
              null,
              cell.apply("负责人")));

  final ImportKind kind;

  /** The column a file must have, without its mark. */
  final String required;

  /** The template's headers, in order; {@code *} marks the required one. */
  final List<String> template;

  /** Other names people give the same columns. */
  final Map<String, String> aliases;

  final List<String> example;
  final List<String> notes;
  private final BiFunction<Integer, Function<String, String>, ImportRow> row;

  ImportLayout(
      ImportKind kind,
      String required,
      List<String> template,
      Map<String, String> aliases,
      List<String> example,
      List<String> notes,
      BiFunction<Integer, Function<String, String>, ImportRow> row) {
    this.kind = kind;
    this.required = required;
    this.template = template;
    this.aliases = aliases;
    this.example = example;
    this.notes = notes;
    this.row = row;
  }

  static ImportLayout of(ImportKind kind) {
    return kind == ImportKind.LEAD ? LEAD : CUSTOMER;
  }

  /** 客户 / 线索. */
  String label() {
    return kind.label();
  }

  /** The template's path: {@code /imports/customer-template.xlsx}, {@code lead-template.xlsx}. */
  String templatePath() {
    return ImportDownloads.PREFIX + kind.code() + "-template.xlsx";
  }

  ImportRow row(int rowNo, Function<String, String> cell) {
    return row.apply(rowNo, cell);
  }
}
