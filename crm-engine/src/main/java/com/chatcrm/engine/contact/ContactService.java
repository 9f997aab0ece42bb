package com.chatcrm.engine.contact;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.followup.CustomerGuard;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Contacts (联系人) of a customer: whoever may edit the customer may add, edit and delete them;
 * whoever may see it may read them. Edits use optimistic locking; every change is audited.
 */
public final class ContactService {

  static final int MAX_NAME = 100;
  static final int MAX_FIELD = 200;
  static final int MAX_PHONES = 10;
  static final int MAX_LIST = 500;
  // Shape only: whether the address works is for the mail server to say.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

  private final Pool pool;

  public ContactService(Pool pool) {
    this.pool = pool;
  }

  /** Adds without the duplicate-phone warning (chat, imports of known data). */
  public Future<Contact> add(Actor actor, long customerId, NewContact input) {
    return add(actor, customerId, input, true);
  }

  /**
   * Adds a contact; unless {@code force}, a phone another live contact has already fails with
   * {@link DuplicatePhone} and nothing is written (the user may then save anyway).
   */
  public Future<Contact> add(Actor actor, long customerId, NewContact input, boolean force) {
    return AccessTransaction.run(
        pool, actor, (tx, access) -> addIn(tx, access, customerId, input, force));
  }

  /**
   * {@link #add(Actor, long, NewContact, boolean)}, inside the caller's transaction (a lead's
   * conversion adds the contact with its new customer): the same checks and audit row.
   */
  public Future<Contact> addIn(
      SqlClient tx, Access access, long customerId, NewContact input, boolean force) {
    Fields f;
    try {
      f = Fields.of(input.name(), input.title(), input.phones(), input.email(), input.wechatId());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    return CustomerGuard.editable(tx, access, customerId, false)
        .compose(c -> force ? Future.succeededFuture() : samePhone(tx, access, 0, f.phones))
        .compose(
            c ->
                tx.preparedQuery(ContactSql.INSERT)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              tenant,
                              customerId,
                              f.name,
                              f.title,
                              f.phones.toArray(String[]::new),
                              f.email,
                              f.wechatId,
                              actor.userId()
                            })))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(
            id ->
                AuditLog.record(
                        tx,
                        actor,
                        "create",
                        "contact",
                        id,
                        f.toJson().put("customerId", customerId))
                    .compose(v -> load(tx, tenant, id, false)));
  }

  /** A contact, if the actor may see its customer. */
  public Future<Contact> get(Actor actor, long contactId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                visibleLive(pool, access, contactId, false)
                    .compose(c -> CustomerGuard.readable(pool, access, c.customerId()).map(c)));
  }

  /** The live contacts of a customer the actor may see, in the order they were added. */
  public Future<List<Contact>> listByCustomer(Actor actor, long customerId) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> CustomerGuard.readable(pool, access, customerId))
        .compose(
            c ->
                pool.preparedQuery(ContactSql.BY_CUSTOMER)
                    .execute(Tuple.of(actor.tenantId(), customerId, MAX_LIST)))
        .map(
            rows -> {
              List<Contact> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(map(r));
              }
              return out;
            });
  }

  /**
   * Applies the changes if the contact is still at {@code expectedVersion}; else {@link
   * StaleVersion}.
   */
  public Future<Contact> update(
      Actor actor, long contactId, int expectedVersion, ContactChanges changes) {
    return update(actor, contactId, expectedVersion, changes, true);
  }

  /**
   * As {@link #update(Actor, long, int, ContactChanges)}; unless {@code force}, a phone the edit
   * adds that another live contact has already fails with {@link DuplicatePhone}. Phones the
   * contact had before are not warned of again.
   */
  public Future<Contact> update(
      Actor actor, long contactId, int expectedVersion, ContactChanges changes, boolean force) {
    return inTransaction(
        actor,
        contactId,
        (tx, access, current) -> {
          if (current.version() != expectedVersion) {
            return Future.failedFuture(
                new StaleVersion(
                    "联系人「"
                        + current.name()
                        + "」已被他人修改（你的版本 "
                        + expectedVersion
                        + "，当前版本 "
                        + current.version()
                        + "），请刷新后重试",
                    new JsonObject()
                        .put("entity", "contact")
                        .put("id", current.id())
                        .put("expectedVersion", expectedVersion)
                        .put("currentVersion", current.version())));
          }
          Fields before = Fields.of(current);
          Fields after;
          try {
            after = before.apply(changes);
          } catch (InvalidInput e) {
            return Future.failedFuture(e);
          }
          JsonObject diff = FieldChanges.between(before.toJson(), after.toJson());
          if (diff.isEmpty()) {
            return Future.succeededFuture(current);
          }
          List<String> added =
              after.phones.stream().filter(p -> !before.phones.contains(p)).toList();
          return (force ? Future.<Void>succeededFuture() : samePhone(tx, access, contactId, added))
              .compose(
                  v ->
                      tx.preparedQuery(ContactSql.UPDATE)
                          .execute(
                              Tuple.from(
                                  new Object[] {
                                    actor.tenantId(),
                                    contactId,
                                    after.name,
                                    after.title,
                                    after.phones.toArray(String[]::new),
                                    after.email,
                                    after.wechatId
                                  })))
              .compose(v -> AuditLog.record(tx, actor, "update", "contact", contactId, diff))
              .compose(v -> load(tx, actor.tenantId(), contactId, false));
        });
  }

  /** Soft delete. */
  public Future<Contact> delete(Actor actor, long contactId) {
    return inTransaction(
        actor,
        contactId,
        (tx, access, current) ->
            tx.preparedQuery(ContactSql.SOFT_DELETE)
                .execute(Tuple.of(actor.tenantId(), contactId))
                .compose(
                    v ->
                        AuditLog.record(
                            tx,
                            actor,
                            "delete",
                            "contact",
                            contactId,
                            new JsonObject()
                                .put("customerId", current.customerId())
                                .put("name", current.name())))
                .compose(v -> load(tx, actor.tenantId(), contactId, false)));
  }

  // ------------------------------------------------------------------------------------------

  /** The step of a change: given the locked live contact, whose customer the actor may edit. */
  private interface Change {
    Future<Contact> apply(SqlClient tx, Access access, Contact current);
  }

  private Future<Contact> inTransaction(Actor actor, long contactId, Change work) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            visibleLive(tx, access, contactId, true)
                .compose(
                    current ->
                        CustomerGuard.editable(tx, access, current.customerId(), false)
                            .compose(c -> work.apply(tx, access, current))));
  }

  /**
   * A live contact; one of a customer the actor may not see answers like a missing id, before
   * naming it.
   */
  private static Future<Contact> visibleLive(
      SqlClient db, Access access, long id, boolean forUpdate) {
    return load(db, access.tenantId(), id, forUpdate)
        .compose(c -> CustomerGuard.mustSee(db, access, c.customerId(), missing(id)).map(c))
        .map(
            c -> {
              if (c.deleted()) {
                throw new NotFound("联系人「" + c.name() + "」已删除");
              }
              return c;
            });
  }

  private static Future<Void> samePhone(
      SqlClient tx, Access access, long selfId, List<String> phones) {
    return DuplicatePhones.refuse(tx, access, selfId, phones);
  }

  private static NotFound missing(long id) {
    return new NotFound("联系人不存在（" + id + "）");
  }

  private static Future<Contact> load(SqlClient db, long tenantId, long id, boolean forUpdate) {
    return db.preparedQuery(forUpdate ? ContactSql.BY_ID_FOR_UPDATE : ContactSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(id);
              }
              return map(rows.iterator().next());
            });
  }

  private static Contact map(Row r) {
    String[] phones = r.getArrayOfStrings("phones");
    return new Contact(
        r.getLong("id"),
        r.getLong("customer_id"),
        r.getString("name"),
        r.getString("title"),
        phones == null ? List.of() : List.copyOf(Arrays.asList(phones)),
        r.getString("email"),
        r.getString("wechat_id"),
        r.getLong("created_by"),
        instant(r, "created_at"),
        instant(r, "updated_at"),
        r.getInteger("version"),
        r.getValue("deleted_at") != null);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** The validated column values of a contact. */
  record Fields(String name, String title, List<String> phones, String email, String wechatId) {

    static Fields of(
        String name, String title, List<String> phones, String email, String wechatId) {
      String n = ControlCharacters.refuseInLine("name", name) == null ? "" : name.strip();
      ControlCharacters.refuseInLine("title", title);
      ControlCharacters.refuseAllInLine("phones", phones);
      ControlCharacters.refuseInLine("email", email);
      ControlCharacters.refuseInLine("wechatId", wechatId);
      if (n.isEmpty()) {
        throw InvalidInput.field("name", "联系人姓名不能为空");
      }
      if (n.length() > MAX_NAME) {
        throw InvalidInput.field("name", "联系人姓名不能超过 " + MAX_NAME + " 个字");
      }
      List<String> ph =
          phones == null
              ? List.of()
              : phones.stream()
                  .filter(Objects::nonNull)
                  .map(String::strip)
                  .filter(s -> !s.isEmpty())
                  .distinct()
                  .toList();
      if (ph.size() > MAX_PHONES) {
        throw InvalidInput.field("phones", "最多 " + MAX_PHONES + " 个电话");
      }
      for (String p : ph) {
        int digits = CompanyNames.normalizePhone(p).length();
        if (digits < 5 || digits > 20) {
          throw InvalidInput.field("phones", "'" + p + "' 不是有效的电话号码");
        }
      }
      String mail = blankToNull(email);
      if (mail != null && (mail.length() > MAX_FIELD || !EMAIL.matcher(mail).matches())) {
        throw InvalidInput.field("email", "'" + mail + "' 不是有效的邮箱地址");
      }
      String t = blankToNull(title);
      String w = blankToNull(wechatId);
      if ((t != null && t.length() > MAX_FIELD) || (w != null && w.length() > MAX_FIELD)) {
        throw InvalidInput.field(
            t != null && t.length() > MAX_FIELD ? "title" : "wechatId",
            "不能超过 " + MAX_FIELD + " 个字");
      }
      return new Fields(n, t, ph, mail, w);
    }

    static Fields of(Contact c) {
      return new Fields(c.name(), c.title(), c.phones(), c.email(), c.wechatId());
    }

    Fields apply(ContactChanges ch) {
      return of(
          ch.name() != null ? ch.name() : name,
          ch.title() != null ? ch.title() : title,
          ch.phones() != null ? ch.phones() : phones,
          ch.email() != null ? ch.email() : email,
          ch.wechatId() != null ? ch.wechatId() : wechatId);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("title", title)
          .put("phones", new JsonArray(phones))
          .put("email", email)
          .put("wechatId", wechatId);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
