package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.LimitReached;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Customers: create with 查重, read, edit with optimistic locking, soft delete and restore, transfer,
 * collaborators. Every call takes the acting user; the data-permission rules ({@link
 * CustomerRules}) are applied here, so no caller can forget them.
 */
public final class CustomerService {

  static final int MAX_NAME = 200;
  static final int MAX_PHONES = 10;

  private final Pool pool;
  private final PipelineCache pipelines;

  /** Without a funnel cache to keep fresh (tests, tools). */
  public CustomerService(Pool pool) {
    this(pool, PipelineCache.none());
  }

  /**
   * @param pipelines the process's funnels, marked stale when this service changes what they count
   */
  public CustomerService(Pool pool, PipelineCache pipelines) {
    this.pool = pool;
    this.pipelines = pipelines;
  }

  /**
   * Creates a customer owned by the actor (or by {@code ownerId}, which a manager or admin may
   * set). Fails with {@link Duplicate} when a live customer has the same normalised name or a phone
   * number, naming its owner; the customer's details are masked when the actor may not see it.
   */
  public Future<Customer> create(Actor actor, NewCustomer input) {
    Fields f;
    try {
      f =
          Fields.of(
              input.name(),
              input.shortName(),
              input.aliases(),
              input.industry(),
              input.region(),
              input.source(),
              input.level() == null ? CustomerLevel.POTENTIAL : input.level(),
              input.phones(),
              input.address(),
              input.tags());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) -> {
              long owner = input.ownerId() == null ? actor.userId() : input.ownerId();
              if (actor.isSystem() && input.ownerId() == null) {
                return Future.failedFuture(
                    InvalidInput.field("ownerId", "the system must name an owner"));
              }
              if (!access.seesOwner(owner)) {
                return Future.failedFuture(
                    new Forbidden(
                        "you may only create customers for yourself or the people you manage"));
              }
              return ActiveColleague.require(tx, actor.tenantId(), owner, "ownerId")
                  .compose(v -> withinPrivateLimit(tx, actor.tenantId(), owner))
                  .compose(v -> refuseDuplicate(tx, access, f, 0))
                  .compose(v -> insert(tx, actor, f, owner))
                  .compose(
                      id ->
                          AuditLog.record(
                                  tx,
                                  actor,
                                  "create",
                                  "customer",
                                  id,
                                  f.toJson().put("ownerId", owner))
                              .compose(x -> load(tx, actor.tenantId(), id, false)));
            })
        .recover(e -> uniqueViolation(e) ? duplicateAfterRace(actor, f) : Future.failedFuture(e));
  }

  /** The customer, if the actor may see it. */
  public Future<Customer> get(Actor actor, long customerId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                load(pool, actor.tenantId(), customerId, false)
                    .map(
                        c -> {
                          if (!CustomerRules.canRead(access, c)) {
                            throw missing(customerId);
                          }
                          if (c.deleted()) {
                            throw new NotFound("customer " + customerId + " is deleted");
                          }
                          return c;
                        }));
  }

  /**
   * Applies the changes if the customer is still at {@code expectedVersion}; a stale edit is
   * refused with {@link StaleVersion}, never silently lost.
   */
  public Future<Customer> update(
      Actor actor, long customerId, int expectedVersion, CustomerChanges changes) {
    return inTransaction(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (!CustomerRules.canEdit(access, current)) {
                return Future.failedFuture(
                    new Forbidden("you may not edit customer " + customerId));
              }
              if (current.version() != expectedVersion) {
                return Future.failedFuture(stale(current, expectedVersion));
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
              Future<Void> dedupe =
                  after.nameNorm.equals(before.nameNorm)
                          && after.phoneNorms.equals(before.phoneNorms)
                      ? Future.succeededFuture()
                      : refuseDuplicate(tx, access, after, customerId);
              return dedupe
                  .compose(
                      v ->
                          tx.preparedQuery(CustomerSql.UPDATE)
                              .execute(after.updateTuple(actor.tenantId(), customerId)))
                  .compose(v -> AuditLog.record(tx, actor, "update", "customer", customerId, diff))
                  .compose(v -> load(tx, actor.tenantId(), customerId, false));
            });
  }

  /** Soft delete: the customer disappears from lists and searches and can be restored. */
  public Future<Customer> delete(Actor actor, long customerId) {
    return inTransaction(
            actor,
            customerId,
            (tx, access) ->
                current -> {
                  if (!CustomerRules.canManage(access, current)) {
                    return Future.failedFuture(
                        new Forbidden(
                            "only the owner, their manager or an admin may delete customer "
                                + customerId));
                  }
                  return tx.preparedQuery(CustomerSql.SOFT_DELETE)
                      .execute(Tuple.of(actor.tenantId(), customerId, actor.auditUserId()))
                      .compose(
                          v -> AuditLog.record(tx, actor, "delete", "customer", customerId, null))
                      // its opportunities leave (or re-enter) the funnel
                      .compose(v -> PipelineCache.announce(tx, actor.tenantId()))
                      .compose(v -> load(tx, actor.tenantId(), customerId, false));
                },
            true)
        .onSuccess(c -> pipelines.changed(actor.tenantId()));
  }

  /** Undoes a delete, unless a customer with the same name was created meanwhile. */
  public Future<Customer> restore(Actor actor, long customerId) {
    return inTransaction(
            actor,
            customerId,
            (tx, access) ->
                current -> {
                  if (!current.deleted()) {
                    return Future.succeededFuture(current);
                  }
                  if (!CustomerRules.canManage(access, current)) {
                    return Future.failedFuture(
                        new Forbidden(
                            "only the owner, their manager or an admin may restore customer "
                                + customerId));
                  }
                  return refuseDuplicate(tx, access, Fields.of(current), customerId)
                      .compose(
                          v ->
                              tx.preparedQuery(CustomerSql.RESTORE)
                                  .execute(Tuple.of(actor.tenantId(), customerId)))
                      .compose(
                          v -> AuditLog.record(tx, actor, "restore", "customer", customerId, null))
                      // its opportunities leave (or re-enter) the funnel
                      .compose(v -> PipelineCache.announce(tx, actor.tenantId()))
                      .compose(v -> load(tx, actor.tenantId(), customerId, false));
                },
            true)
        .onSuccess(c -> pipelines.changed(actor.tenantId()));
  }

  /**
   * Hands the customer to another active user of the tenant. A 公海 customer has no owner to hand it
   * over and is refused here: {@code CustomerTransfers} assigns it out of the pool instead, under
   * the pool's rules.
   */
  public Future<Customer> transfer(Actor actor, long customerId, long newOwnerId) {
    return inTransaction(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (current.inPool()) {
                return Future.failedFuture(new Conflict("「" + current.name() + "」在公海中，请从公海分配给同事"));
              }
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may transfer customer "
                            + customerId));
              }
              if (Objects.equals(current.ownerId(), newOwnerId)) {
                return Future.succeededFuture(current);
              }
              return ActiveColleague.require(tx, actor.tenantId(), newOwnerId, "newOwnerId")
                  .compose(
                      v ->
                          tx.preparedQuery(CustomerSql.TRANSFER)
                              .execute(Tuple.of(actor.tenantId(), customerId, newOwnerId)))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "transfer",
                              "customer",
                              customerId,
                              new JsonObject()
                                  .put("ownerId", AuditLog.change(current.ownerId(), newOwnerId))))
                  .compose(v -> load(tx, actor.tenantId(), customerId, false));
            });
  }

  /**
   * Takes back the latest transfer (or pool assignment) of the customer when the actor made it at
   * or after {@code since} and the customer has not changed hands again: it returns to its previous
   * owner, or to the pool. The actor may no longer see the customer after handing it over, so what
   * permits this is having made the transfer, not the current visibility.
   */
  public Future<Customer> undoTransfer(Actor actor, long customerId, Instant since) {
    // the rep who handed it over no longer sees it: having made the transfer is what counts
    // (mustSee false)
    return inTransaction(
        actor,
        customerId,
        (tx, access) ->
            current ->
                tx.preparedQuery(CustomerSql.LAST_TRANSFER)
                    .execute(Tuple.of(actor.tenantId(), customerId))
                    .compose(
                        rows -> {
                          Row last = rows.size() == 0 ? null : rows.iterator().next();
                          if (last == null
                              || actor.isSystem()
                              || !Objects.equals(last.getLong("actor_id"), actor.userId())) {
                            // to someone who neither sees it nor handed it over, it is as if the
                            // customer did not exist
                            return Future.<Customer>failedFuture(
                                CustomerRules.canRead(access, current)
                                    ? new Forbidden("只有转交这个客户的人可以撤销这次转交")
                                    : missing(customerId));
                          }
                          JsonObject owner =
                              last.getJsonObject("changes")
                                  .getJsonObject("ownerId", new JsonObject());
                          Long to = owner.getLong("to");
                          Long from = owner.getLong("from");
                          if (last.getOffsetDateTime("at").toInstant().isBefore(since)) {
                            return Future.<Customer>failedFuture(new Conflict("转交已超过撤销时限，不能撤销"));
                          }
                          if (!Objects.equals(current.ownerId(), to)) {
                            return Future.<Customer>failedFuture(
                                new Conflict("「" + current.name() + "」之后又换了负责人，不能撤销"));
                          }
                          Future<?> back =
                              from == null
                                  ? tx.preparedQuery(CustomerSql.BACK_TO_POOL)
                                      .execute(Tuple.of(actor.tenantId(), customerId))
                                      .compose(
                                          v ->
                                              tx.preparedQuery(CustomerSql.POOL_EVENT)
                                                  .execute(
                                                      Tuple.of(
                                                          actor.tenantId(),
                                                          customerId,
                                                          "release",
                                                          to)))
                                  : tx.preparedQuery(CustomerSql.TRANSFER)
                                      .execute(Tuple.of(actor.tenantId(), customerId, from));
                          return back.compose(
                                  v ->
                                      AuditLog.record(
                                          tx,
                                          actor,
                                          "transfer",
                                          "customer",
                                          customerId,
                                          new JsonObject()
                                              .put("ownerId", AuditLog.change(to, from))
                                              .put("undo", true)))
                              .compose(v -> load(tx, actor.tenantId(), customerId, false));
                        }),
        false,
        false);
  }

  /** Adds a 协同人: they may then see and edit the customer. */
  public Future<Customer> addCollaborator(Actor actor, long customerId, long userId) {
    return inTransaction(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may add collaborators"));
              }
              return ActiveColleague.require(tx, actor.tenantId(), userId, "userId")
                  .compose(
                      v ->
                          tx.preparedQuery(CustomerSql.ADD_COLLABORATOR)
                              .execute(
                                  Tuple.of(
                                      actor.tenantId(),
                                      customerId,
                                      userId,
                                      actor.userId() == 0 ? userId : actor.userId())))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "add_collaborator",
                              "customer",
                              customerId,
                              new JsonObject().put("userId", userId)))
                  .compose(v -> load(tx, actor.tenantId(), customerId, false));
            });
  }

  public Future<Customer> removeCollaborator(Actor actor, long customerId, long userId) {
    return inTransaction(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may remove collaborators"));
              }
              return tx.preparedQuery(CustomerSql.REMOVE_COLLABORATOR)
                  .execute(Tuple.of(actor.tenantId(), customerId, userId))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "remove_collaborator",
                              "customer",
                              customerId,
                              new JsonObject().put("userId", userId)))
                  .compose(v -> load(tx, actor.tenantId(), customerId, false));
            });
  }

  // ------------------------------------------------------------------------------------------

  private <T> Future<T> inTransaction(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work) {
    return inTransaction(actor, customerId, work, false, true);
  }

  private <T> Future<T> inTransaction(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work,
      boolean includeDeleted) {
    return inTransaction(actor, customerId, work, includeDeleted, true);
  }

  /**
   * @param mustSee refuse a customer the actor may not see as such, before telling what they may
   *     not do with it
   */
  private <T> Future<T> inTransaction(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work,
      boolean includeDeleted,
      boolean mustSee) {
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                load(tx, actor.tenantId(), customerId, true)
                    .compose(
                        current -> {
                          // one the actor may not see fails like a missing id, before any rule that
                          // names it
                          // (a deleted one too: "is deleted" would confirm that the id was
                          // someone's customer)
                          if (!CustomerRules.canRead(access, current)
                              && (mustSee || current.deleted())) {
                            return Future.failedFuture(missing(customerId));
                          }
                          if (current.deleted() && !includeDeleted) {
                            return Future.failedFuture(
                                new NotFound("customer " + customerId + " is deleted"));
                          }
                          return work.apply(tx, access).apply(current);
                        }))
        .recover(
            e ->
                uniqueViolation(e)
                    ? Future.failedFuture(
                        new Duplicate("a customer with the same name or phone exists already"))
                    : Future.failedFuture(e));
  }

  /**
   * Loads a customer (deleted ones too) inside the caller's transaction, without permission checks:
   * for engine code that checks {@link CustomerRules} itself. {@code forUpdate} takes the row lock.
   */
  public static Future<Customer> load(
      SqlClient db, long tenantId, long customerId, boolean forUpdate) {
    Future<?> locked =
        forUpdate
            ? db.preparedQuery(CustomerSql.LOCK).execute(Tuple.of(tenantId, customerId))
            : Future.succeededFuture();
    return locked
        .compose(v -> db.preparedQuery(CustomerSql.BY_ID).execute(Tuple.of(tenantId, customerId)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(customerId);
              }
              return CustomerRows.map(rows.iterator().next());
            });
  }

  /**
   * The refusal for a customer that does not exist, or that the actor may not see: the same for
   * both.
   */
  public static NotFound missing(long customerId) {
    return new NotFound("no customer " + customerId);
  }

  /** 私海上限: the pool rule's max_private counts created customers as well as claimed ones. */
  private static Future<Void> withinPrivateLimit(SqlClient tx, long tenantId, long owner) {
    return tx.preparedQuery(CustomerSql.OWNER_HOLDINGS)
        .execute(Tuple.of(tenantId, owner))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              Integer max = r.getInteger("max_private");
              long held = r.getLong("held");
              if (max != null && held >= max) {
                return Future.failedFuture(
                    new LimitReached(
                        "客户数已达上限（最多 " + max + " 个，现有 " + held + " 个），请先将不再跟进的客户放回公海",
                        new JsonObject()
                            .put("limit", "max_private")
                            .put("max", max)
                            .put("held", held)));
              }
              return Future.succeededFuture();
            });
  }

  private static Future<Long> insert(SqlClient tx, Actor actor, Fields f, long owner) {
    return tx.preparedQuery(CustomerSql.INSERT)
        .execute(f.insertTuple(actor.tenantId(), owner, actor.isSystem() ? owner : actor.userId()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** 查重 / 撞单: a live customer with the same normalised name or a shared phone number. */
  private static Future<Void> refuseDuplicate(
      SqlClient tx, Access access, Fields f, long exceptId) {
    return tx.preparedQuery(CustomerSql.DUPLICATES)
        .execute(
            Tuple.of(access.tenantId(), f.nameNorm, f.phoneNorms.toArray(String[]::new), exceptId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Row row = rows.iterator().next();
              Customer hit = CustomerRows.map(row);
              boolean sameName = row.getBoolean("same_name");
              return Future.failedFuture(duplicate(access, hit, sameName ? "name" : "phone"));
            });
  }

  private Future<Customer> duplicateAfterRace(Actor actor, Fields f) {
    // A concurrent create won the unique index: answer as the 查重 would have.
    return AccessResolver.resolve(pool, actor)
        .compose(access -> refuseDuplicate(pool, access, f, 0))
        .compose(
            v ->
                Future.failedFuture(new Duplicate("a customer with the same name exists already")));
  }

  static Duplicate duplicate(Access access, Customer hit, String matchedOn) {
    boolean visible = CustomerRules.canRead(access, hit);
    String owner = hit.inPool() ? "公海" : hit.ownerName();
    JsonObject details =
        new JsonObject()
            .put("entity", "customer")
            .put("matchedOn", matchedOn)
            .put("visible", visible)
            .put("inPool", hit.inPool())
            .put("ownerName", owner)
            .put("ownerId", hit.ownerId())
            .put("name", visible ? hit.name() : mask(hit.name()));
    if (visible) {
      details.put("customerId", hit.id()).put("phones", new JsonArray(hit.phones()));
    }
    String message =
        hit.inPool()
            ? "客户「" + details.getString("name") + "」已在公海中，可以直接领取"
            : "客户「"
                + details.getString("name")
                + "」已存在，负责人是"
                + owner
                + (visible ? "" : "；如需跟进请联系负责人申请协同");
    return new Duplicate(message, details);
  }

  /** 华为技术有限公司 → 华为****** : enough to recognise, not enough to read. */
  static String mask(String name) {
    int[] cps = name.codePoints().toArray();
    int keep = Math.min(2, Math.max(1, cps.length - 1));
    return new String(cps, 0, keep) + "*".repeat(Math.max(1, cps.length - keep));
  }

  private static StaleVersion stale(Customer current, int expected) {
    return new StaleVersion(
        "客户「"
            + current.name()
            + "」已被他人修改（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "customer")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }

  static boolean uniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  /** The validated, normalised column values of a customer. */
  private record Fields(
      String name,
      String nameNorm,
      String pinyin,
      String initials,
      List<String> grams,
      String searchText,
      String shortName,
      List<String> aliases,
      String industry,
      String region,
      String source,
      CustomerLevel level,
      List<String> phones,
      List<String> phoneNorms,
      String address,
      List<String> tags) {

    static Fields of(
        String name,
        String shortName,
        List<String> aliases,
        String industry,
        String region,
        String source,
        CustomerLevel level,
        List<String> phones,
        String address,
        List<String> tags) {
      String n = ControlCharacters.refuseInLine("name", name) == null ? "" : name.strip();
      ControlCharacters.refuseInLine("shortName", shortName);
      ControlCharacters.refuseAllInLine("aliases", aliases);
      ControlCharacters.refuseInLine("industry", industry);
      ControlCharacters.refuseInLine("region", region);
      ControlCharacters.refuseInLine("source", source);
      ControlCharacters.refuseAllInLine("phones", phones);
      ControlCharacters.refuseInLine("address", address);
      ControlCharacters.refuseAllInLine("tags", tags);
      if (n.isEmpty()) {
        throw InvalidInput.field("name", "客户名称不能为空");
      }
      if (n.length() > MAX_NAME) {
        throw InvalidInput.field("name", "客户名称不能超过 " + MAX_NAME + " 个字");
      }
      List<String> al = clean(aliases);
      List<String> ph = clean(phones);
      if (ph.size() > MAX_PHONES) {
        throw InvalidInput.field("phones", "at most " + MAX_PHONES + " phone numbers");
      }
      List<String> norms = new ArrayList<>();
      for (String p : ph) {
        String d = CompanyNames.normalizePhone(p);
        if (d.length() < 5 || d.length() > 20) {
          throw InvalidInput.field("phones", "'" + p + "' 不是有效的电话号码");
        }
        if (!norms.contains(d)) {
          norms.add(d);
        }
      }
      String sn = blankToNull(shortName);
      List<String> texts = new ArrayList<>();
      texts.add(n);
      if (sn != null) {
        texts.add(sn);
      }
      texts.addAll(al);
      return new Fields(
          n,
          CompanyNames.normalize(n),
          CompanyNames.pinyin(n),
          CompanyNames.initials(n),
          List.copyOf(CompanyNames.grams(texts)),
          String.join(" ", texts),
          sn,
          al,
          blankToNull(industry),
          blankToNull(region),
          blankToNull(source),
          Objects.requireNonNull(level),
          ph,
          List.copyOf(norms),
          blankToNull(address),
          clean(tags));
    }

    static Fields of(Customer c) {
      return of(
          c.name(),
          c.shortName(),
          c.aliases(),
          c.industry(),
          c.region(),
          c.source(),
          c.level(),
          c.phones(),
          c.address(),
          c.tags());
    }

    Fields apply(CustomerChanges ch) {
      return of(
          ch.name() != null ? ch.name() : name,
          ch.shortName() != null ? ch.shortName() : shortName,
          ch.aliases() != null ? ch.aliases() : aliases,
          ch.industry() != null ? ch.industry() : industry,
          ch.region() != null ? ch.region() : region,
          ch.source() != null ? ch.source() : source,
          ch.level() != null ? ch.level() : level,
          ch.phones() != null ? ch.phones() : phones,
          ch.address() != null ? ch.address() : address,
          ch.tags() != null ? ch.tags() : tags);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("shortName", shortName)
          .put("aliases", new JsonArray(aliases))
          .put("industry", industry)
          .put("region", region)
          .put("source", source)
          .put("level", level.code())
          .put("phones", new JsonArray(phones))
          .put("address", address)
          .put("tags", new JsonArray(tags));
    }

    Tuple insertTuple(long tenantId, long owner, long createdBy) {
      return Tuple.from(
          new Object[] {
            tenantId,
            name,
            nameNorm,
            pinyin,
            initials,
            grams.toArray(String[]::new),
            searchText,
            shortName,
            aliases.toArray(String[]::new),
            industry,
            region,
            source,
            level.code(),
            phones.toArray(String[]::new),
            phoneNorms.toArray(String[]::new),
            String.join(" ", phoneNorms),
            address,
            tags.toArray(String[]::new),
            owner,
            createdBy
          });
    }

    Tuple updateTuple(long tenantId, long id) {
      return Tuple.from(
          new Object[] {
            tenantId,
            id,
            name,
            nameNorm,
            pinyin,
            initials,
            grams.toArray(String[]::new),
            searchText,
            shortName,
            aliases.toArray(String[]::new),
            industry,
            region,
            source,
            level.code(),
            phones.toArray(String[]::new),
            phoneNorms.toArray(String[]::new),
            String.join(" ", phoneNorms),
            address,
            tags.toArray(String[]::new)
          });
    }

    private static List<String> clean(List<String> values) {
      if (values == null) {
        return List.of();
      }
      return values.stream()
          .filter(Objects::nonNull)
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .distinct()
          .toList();
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
