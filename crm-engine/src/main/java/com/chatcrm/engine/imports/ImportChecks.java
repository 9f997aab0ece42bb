package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.contact.ContactBatch;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerBatch;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.lead.LeadBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * What would happen to each row of a file: 新建, 重复 (with a live customer, by the same 查重 keys as
 * creating one, or with an earlier row of the file) or 错误 with the reason. Used by the preview and
 * again by each batch of the import itself, since customers may have been created in between.
 */
final class ImportChecks implements RowChecks {

  /** Rows looked up against the customers in one query. */
  static final int LOOKUP = 1_000;

  static final Pattern LIST = Pattern.compile("[,，;；、/|\\n]+");
  private static final Pattern TAGS = Pattern.compile("[,，;；、/|\\s]+");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]+");
  private static final Map<String, String> LABELS =
      Map.of(
          "name", "客户名称",
          "shortName", "简称",
          "industry", "行业",
          "region", "地区",
          "source", "来源",
          "address", "地址",
          "tags", "标签",
          "title", "联系人职务");

  /**
   * A row's verdict; {@code customer} (and the contact, if any) or {@code lead} is what a 新建 row
   * creates, null for a row in error.
   */
  record Checked(
      ImportRow row,
      Verdict verdict,
      String reason,
      CustomerBatch.Checked customer,
      NewContact contact,
      LeadBatch.Checked lead) {

    Checked as(Verdict v, String why) {
      return new Checked(row, v, why, customer, contact, lead);
    }

    /** Whether the row has 查重 keys (not one in error). */
    boolean keyed() {
      return customer != null || lead != null;
    }

    String nameNorm() {
      return customer != null ? customer.nameNorm() : lead.companyNorm();
    }

    List<String> phoneNorms() {
      return customer != null ? customer.phoneNorms() : lead.phoneNorms();
    }

    static Checked error(ImportRow r, String reason) {
      return new Checked(r, Verdict.ERROR, reason, null, null, null);
    }
  }

  enum Verdict {
    NEW("new"),
    DUPLICATE("duplicate"),
    IN_FILE("in_file"),
    ERROR("error");

    final String code;

    Verdict(String code) {
      this.code = code;
    }
  }

  private final Access access;
  private final ImportOwners owners;
  private final boolean writing;

  /**
   * @param writing the rows are written in the same transaction: the owners' 私海上限 counts are locked
   *     until it ends
   */
  ImportChecks(ImportOwners owners, boolean writing) {
    this.access = owners.access();
    this.owners = owners;
    this.writing = writing;
  }

  /**
   * Every row's verdict, in file order: each alone, then against the live customers, then against
   * the earlier rows.
   */
  @Override
  public Future<List<Checked>> check(SqlClient db, List<ImportRow> rows) {
    return againstCustomers(db, rows, 0, new ArrayList<>(rows.size()))
        .map(ImportChecks::againstFile)
        .compose(checked -> withinLimits(db, checked));
  }

  /** 私海上限: the new rows beyond what their owner may still hold are errors, in file order. */
  private Future<List<Checked>> withinLimits(SqlClient db, List<Checked> rows) {
    Set<Long> owners = new LinkedHashSet<>();
    rows.stream()
        .filter(c -> c.verdict() == Verdict.NEW)
        .forEach(c -> owners.add(c.customer().ownerId()));
    return CustomerBatch.room(db, access.tenantId(), owners, writing)
        .map(
            room -> {
              if (room.isEmpty()) {
                return rows;
              }
              Map<Long, Integer> taken = new HashMap<>();
              List<Checked> out = new ArrayList<>(rows.size());
              for (Checked c : rows) {
                CustomerBatch.Room r =
                    c.verdict() == Verdict.NEW ? room.get(c.customer().ownerId()) : null;
                if (r != null && taken.merge(c.customer().ownerId(), 1, Integer::sum) > r.left()) {
                  out.add(Checked.error(c.row(), r.refusal()));
                } else {
                  out.add(c);
                }
              }
              return out;
            });
  }

  /**
   * A chunk at a time: its rows checked alone on a worker (pinyin and search grams are CPU work an
   * event loop must not do for thousands of rows), then looked up in one query.
   */
  private Future<List<Checked>> againstCustomers(
      SqlClient db, List<ImportRow> rows, int from, List<Checked> out) {
    if (from >= rows.size()) {
      return Future.succeededFuture(out);
    }
    List<ImportRow> slice = rows.subList(from, Math.min(rows.size(), from + LOOKUP));
    return offTheLoop(() -> slice.stream().map(this::alone).toList())
        .compose(chunk -> lookUp(db, chunk, out))
        .compose(v -> againstCustomers(db, rows, from + LOOKUP, out));
  }

  static <T> Future<T> offTheLoop(Callable<T> work) {
    Context context = Vertx.currentContext();
    if (context == null) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return context.executeBlocking(work, false);
  }

  private Future<Void> lookUp(SqlClient db, List<Checked> chunk, List<Checked> out) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> phones = new LinkedHashSet<>();
    for (Checked c : chunk) {
      if (c.customer() != null) {
        names.add(c.customer().nameNorm());
        phones.addAll(c.customer().phoneNorms());
      }
    }
    Future<List<CustomerBatch.Existing>> found =
        names.isEmpty()
            ? Future.succeededFuture(List.of())
            : CustomerBatch.existing(db, access, names, phones);
    return found.compose(
        existing -> {
          Map<String, CustomerBatch.Existing> byName = new HashMap<>();
          Map<String, CustomerBatch.Existing> byPhone = new HashMap<>();
          for (CustomerBatch.Existing e : existing) {
            byName.putIfAbsent(e.nameNorm(), e);
            e.phoneNorms().forEach(p -> byPhone.putIfAbsent(p, e));
          }
          for (Checked c : chunk) {
            CustomerBatch.Existing hit = null;
            if (c.customer() != null) {
              hit = byName.get(c.customer().nameNorm());
              for (int i = 0; hit == null && i < c.customer().phoneNorms().size(); i++) {
                hit = byPhone.get(c.customer().phoneNorms().get(i));
              }
            }
            out.add(
                hit == null
                    ? c
                    : c.as(
                        Verdict.DUPLICATE,
                        "与已有客户「" + hit.shownName() + "」重复（负责人：" + hit.ownerName() + "）"));
          }
          return Future.<Void>succeededFuture();
        });
  }

  /** Rows sharing a name key or a phone with an earlier row of the file are 文件内重复. */
  static List<Checked> againstFile(List<Checked> rows) {
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> phones = new HashMap<>();
    List<Checked> out = new ArrayList<>(rows.size());
    for (Checked c : rows) {
      if (!c.keyed()) {
        out.add(c);
        continue;
      }
      Integer first = names.get(c.nameNorm());
      for (int i = 0; first == null && i < c.phoneNorms().size(); i++) {
        first = phones.get(c.phoneNorms().get(i));
      }
      if (first == null) {
        names.put(c.nameNorm(), c.row().rowNo());
        c.phoneNorms().forEach(p -> phones.putIfAbsent(p, c.row().rowNo()));
        out.add(c);
      } else {
        out.add(c.verdict() == Verdict.NEW ? c.as(Verdict.IN_FILE, "与文件第 " + first + " 行重复") : c);
      }
    }
    return out;
  }

  /** The row's own checks: required name, level, phones, 负责人 within the actor's reach. */
  Checked alone(ImportRow r) {
    if (r.name() == null) {
      return error(r, "客户名称为空");
    }
    CustomerLevel level = null;
    if (r.level() != null) {
      try {
        level = CustomerLevel.parse(r.level());
      } catch (InvalidInput e) {
        return error(r, "级别「" + r.level() + "」无效，应为 潜在、意向、成交、流失 之一");
      }
    }
    Long owner = access.userId();
    if (r.owner() != null) {
      ImportOwners.Found found = owners.find(r.owner());
      if (found.id() == null) {
        return error(r, found.refusal());
      }
      owner = found.id();
    }
    NewCustomer customer =
        new NewCustomer(
            line(r.name()),
            line(r.shortName()),
            List.of(),
            line(r.industry()),
            line(r.region()),
            line(r.source()),
            level,
            split(r.phones(), LIST),
            line(r.address()),
            split(r.tags(), TAGS),
            owner);
    CustomerBatch.Checked checked;
    try {
      checked = CustomerBatch.check(customer);
      if (!writing) {
        // a preview holds every row of the file at once: keys only
        checked = checked.keysOnly();
      }
    } catch (InvalidInput e) {
      return error(r, reason(e, ""));
    }
    NewContact contact = null;
    if (r.contactName() != null) {
      contact =
          new NewContact(
              line(r.contactName()),
              line(r.contactTitle()),
              split(r.contactPhone(), LIST),
              null,
              null);
      try {
        ContactBatch.check(contact);
      } catch (InvalidInput e) {
        return error(r, reason(e, "联系人"));
      }
    } else if (r.contactPhone() != null || r.contactTitle() != null) {
      return error(r, "填了联系人电话或职务，但联系人姓名为空");
    }
    return new Checked(r, Verdict.NEW, null, checked, contact, null);
  }

  private static Checked error(ImportRow r, String reason) {
    return Checked.error(r, reason);
  }

  /** The engine's refusal of a field, in the words of the template's columns. */
  private static String reason(InvalidInput e, String prefix) {
    String field = e.details().getString("field", "");
    String said = String.valueOf(e.getMessage()).replaceFirst("^[A-Za-z][A-Za-z0-9_.]*: ", "");
    if ("phones".equals(field)) {
      int quoted = said.indexOf('\'');
      String number = quoted >= 0 ? said.substring(quoted + 1, said.indexOf('\'', quoted + 1)) : "";
      return number.isEmpty() ? prefix + "电话最多 10 个" : prefix + "电话格式不对：「" + number + "」";
    }
    String label = LABELS.getOrDefault(field, field);
    if ("name".equals(field) && !prefix.isEmpty()) {
      label = "联系人姓名";
    }
    return label + "：" + said;
  }

  /**
   * A cell's line breaks (Alt+Enter in Excel) read as spaces: every field but phones is one line.
   */
  static String line(String cell) {
    return cell == null ? null : CONTROL.matcher(cell).replaceAll(" ").strip();
  }

  static List<String> split(String cell, Pattern separators) {
    return cell == null
        ? List.of()
        : Arrays.stream(separators.split(cell))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
  }
}
