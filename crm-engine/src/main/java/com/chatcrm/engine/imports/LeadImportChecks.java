package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.imports.ImportChecks.Checked;
import com.chatcrm.engine.imports.ImportChecks.Verdict;
import com.chatcrm.engine.lead.LeadBatch;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What would happen to each row of a lead file: 新建, 重复 (with a live lead or customer, by the same
 * 查重 keys as capturing a lead: the normalised company name and the phones, a customer's contacts'
 * included; or with an earlier row of the file) or 错误 with the reason. A row's columns: 公司名称 in
 * {@code name}, 来源备注 in {@code source}; 负责人 left empty goes to the assignment rules.
 */
final class LeadImportChecks implements RowChecks {

  private static final Map<String, String> LABELS =
      Map.of(
          "company", "公司名称",
          "contactName", "联系人",
          "phones", "电话",
          "region", "地区",
          "industry", "行业",
          "note", "来源备注");

  private final Access access;
  private final ImportOwners owners;

  LeadImportChecks(ImportOwners owners) {
    this.access = owners.access();
    this.owners = owners;
  }

  @Override
  public Future<List<Checked>> check(SqlClient db, List<ImportRow> rows) {
    return againstLive(db, rows, 0, new ArrayList<>(rows.size())).map(ImportChecks::againstFile);
  }

  private Future<List<Checked>> againstLive(
      SqlClient db, List<ImportRow> rows, int from, List<Checked> out) {
    if (from >= rows.size()) {
      return Future.succeededFuture(out);
    }
    List<ImportRow> slice = rows.subList(from, Math.min(rows.size(), from + ImportChecks.LOOKUP));
    return ImportChecks.offTheLoop(() -> slice.stream().map(this::alone).toList())
        .compose(chunk -> lookUp(db, chunk, out))
        .compose(v -> againstLive(db, rows, from + ImportChecks.LOOKUP, out));
  }

  private Future<Void> lookUp(SqlClient db, List<Checked> chunk, List<Checked> out) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> phones = new LinkedHashSet<>();
    for (Checked c : chunk) {
      if (c.keyed()) {
        names.add(c.nameNorm());
        phones.addAll(c.phoneNorms());
      }
    }
    Future<List<LeadBatch.Existing>> found =
        names.isEmpty()
            ? Future.succeededFuture(List.of())
            : LeadBatch.existing(db, access, names, phones);
    return found.map(
        existing -> {
          // leads come first: a row matching both is named a duplicate of the lead
          Map<String, LeadBatch.Existing> byName = new HashMap<>();
          Map<String, LeadBatch.Existing> byPhone = new HashMap<>();
          for (LeadBatch.Existing e : existing) {
            byName.putIfAbsent(e.companyNorm(), e);
            e.phoneNorms().forEach(p -> byPhone.putIfAbsent(p, e));
          }
          for (Checked c : chunk) {
            LeadBatch.Existing hit = c.keyed() ? byName.get(c.nameNorm()) : null;
            for (int i = 0; c.keyed() && hit == null && i < c.phoneNorms().size(); i++) {
              hit = byPhone.get(c.phoneNorms().get(i));
            }
            out.add(hit == null ? c : c.as(Verdict.DUPLICATE, duplicate(hit)));
          }
          return null;
        });
  }

  /** 与已有线索「X」重复（负责人：Y）; the 线索池 or 公海 when it has no owner; no owner when hidden. */
  static String duplicate(LeadBatch.Existing e) {
    boolean lead = "lead".equals(e.kind());
    String said = "与已有" + (lead ? "线索" : "客户") + "「" + e.shownName() + "」重复";
    if (e.inPool()) {
      return said + "（" + (lead ? "线索池" : "公海") + "）";
    }
    return e.ownerName() == null ? said : said + "（负责人：" + e.ownerName() + "）";
  }

  /** The row's own checks: required company, phones, lengths, 负责人 within the actor's reach. */
  Checked alone(ImportRow r) {
    if (r.name() == null) {
      return Checked.error(r, "公司名称为空");
    }
    Long owner = null;
    if (r.owner() != null) {
      ImportOwners.Found found = owners.find(r.owner());
      if (found.id() == null) {
        return Checked.error(r, found.refusal());
      }
      owner = found.id();
    }
    NewLead lead =
        new NewLead(
            ImportChecks.line(r.name()),
            ImportChecks.line(r.contactName()),
            ImportChecks.split(r.phones(), ImportChecks.LIST),
            LeadSource.IMPORT,
            ImportChecks.line(r.region()),
            ImportChecks.line(r.industry()),
            // a note may keep its line breaks (Alt+Enter in Excel)
            r.source(),
            null);
    try {
      return new Checked(r, Verdict.NEW, null, null, null, LeadBatch.check(lead, owner));
    } catch (InvalidInput e) {
      return Checked.error(r, reason(e));
    }
  }

  /** The engine's refusal of a field, in the words of the template's columns. */
  private static String reason(InvalidInput e) {
    String field = e.details().getString("field", "");
    String said = String.valueOf(e.getMessage()).replaceFirst("^[A-Za-z][A-Za-z0-9_.]*: ", "");
    String label = LABELS.getOrDefault(field, field);
    return said.contains(label) ? said : label + "：" + said;
  }
}
