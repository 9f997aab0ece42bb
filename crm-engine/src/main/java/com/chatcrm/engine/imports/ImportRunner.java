package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.contact.ContactBatch;
import com.chatcrm.engine.customer.CustomerBatch;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.lead.LeadBatch;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a started import a batch at a time: each batch's customers (and contacts) or leads, audit
 * rows and row outcomes commit in one transaction, so a job taken up again after a crash or restart
 * (its lease expired) goes on from the first row without an outcome and never creates a record
 * twice. Rows are checked again as they are written, since records may have been created since the
 * preview. When the last batch is in, the uploader gets a chat card with the counts.
 */
public final class ImportRunner {

  /** The button key of the card's 查看导入结果; the gateway turns it into a link to the job page. */
  public static final String RESULT_BUTTON = "detail:import:";

  /**
   * @param batch rows per transaction
   * @param lease how long a claim holds without a batch; a worker that died is replaced after it
   */
  public record Settings(int batch, Duration lease) {

    public static Settings defaults() {
      return new Settings(500, Duration.ofMinutes(2));
    }
  }

  /** A job this worker holds, until {@code token}'s lease runs out. */
  public record Claim(long tenantId, long jobId, long userId, ImportKind kind, UUID token) {

    Actor actor() {
      return Actor.user(tenantId, userId, Source.importJob(Long.toString(jobId)));
    }
  }

  /** What a step did: wrote a batch (more may follow), found nothing left, or lost the lease. */
  public enum Step {
    MORE,
    NOTHING_LEFT,
    LOST
  }

  private final Pool pool;
  private final Notifier notifier;
  private final Settings settings;

  /**
   * @param notifier tells the uploader the import is done; null tells nobody
   */
  public ImportRunner(Pool pool, Notifier notifier, Settings settings) {
    this.pool = pool;
    this.notifier = notifier;
    this.settings = settings;
  }

  /** Claims the oldest started job that nobody holds; null when there is none. */
  public Future<Claim> claim() {
    UUID token = UUID.randomUUID();
    return pool.preparedQuery(ImportSql.CLAIM)
        .execute(Tuple.of(token, settings.lease().toMillis()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Claim(
                  r.getLong("tenant_id"),
                  r.getLong("id"),
                  r.getLong("created_by"),
                  ImportKind.of(r.getString("kind")),
                  token);
            });
  }

  /** Writes the next batch of the claimed job, in one transaction. */
  public Future<Step> step(Claim claim) {
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(ImportSql.HOLD)
                .execute(Tuple.of(claim.tenantId(), claim.jobId(), claim.token()))
                .compose(
                    held ->
                        held.size() == 0
                            ? Future.succeededFuture(Step.LOST)
                            : tx.preparedQuery(ImportSql.TODO)
                                .execute(
                                    Tuple.of(claim.tenantId(), claim.jobId(), settings.batch()))
                                .compose(
                                    rows -> {
                                      List<Todo> todo = new ArrayList<>();
                                      rows.forEach(
                                          r ->
                                              todo.add(
                                                  new Todo(
                                                      ImportRow.of(
                                                          r.getInteger("row_no"),
                                                          (JsonObject) r.getJson("data")),
                                                      r.getString("verdict"),
                                                      r.getString("reason"))));
                                      return todo.isEmpty()
                                          ? Future.succeededFuture(Step.NOTHING_LEFT)
                                          : write(tx, claim, todo).map(Step.MORE);
                                    })));
  }

  /**
   * Ends the claimed job once nothing is left: the card to the uploader (deduplicated, so a repeat
   * after a crash is delivered once), then the job marked done with its audit row.
   */
  public Future<Void> finish(Claim claim) {
    return pool.preparedQuery(ImportSql.TOTALS)
        .execute(Tuple.of(claim.tenantId(), claim.jobId()))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              return notifier == null
                  ? Future.<Void>succeededFuture()
                  : notifier.push(
                      claim.tenantId(),
                      claim.userId(),
                      card(
                          claim.kind(),
                          claim.jobId(),
                          r.getString("file_name"),
                          r.getInteger("created"),
                          r.getInteger("skipped"),
                          r.getInteger("failed")));
            })
        .compose(
            v ->
                Transactions.run(
                    pool,
                    tx ->
                        tx.preparedQuery(ImportSql.FINISH)
                            .execute(Tuple.of(claim.tenantId(), claim.jobId(), claim.token()))
                            .compose(
                                done -> {
                                  if (done.size() == 0) {
                                    return Future.succeededFuture();
                                  }
                                  Row r = done.iterator().next();
                                  return AuditLog.record(
                                      tx,
                                      claim.actor(),
                                      "import",
                                      "customer_import",
                                      claim.jobId(),
                                      new JsonObject()
                                          .put("kind", claim.kind().code())
                                          .put("fileName", r.getString("file_name"))
                                          .put("total", r.getInteger("total"))
                                          .put("created", r.getInteger("created"))
                                          .put("skipped", r.getInteger("skipped"))
                                          .put("failed", r.getInteger("failed")));
                                })));
  }

  /** Lets another pass (or node) take the job up at once. */
  public Future<Void> release(Claim claim) {
    return pool.preparedQuery(ImportSql.RELEASE)
        .execute(Tuple.of(claim.tenantId(), claim.jobId(), claim.token()))
        .mapEmpty();
  }

  static Notification card(
      ImportKind kind, long jobId, String fileName, int created, int skipped, int failed) {
    String title = kind.label() + "导入完成";
    String summary = title + "：新建 " + created + "，重复跳过 " + skipped + "，错误 " + failed;
    return new Notification(
        title,
        summary + "\n文件：" + fileName,
        List.of(
            new Notification.Field("新建", Integer.toString(created)),
            new Notification.Field("重复跳过", Integer.toString(skipped)),
            new Notification.Field("错误", Integer.toString(failed))),
        List.of(new Notification.Button(RESULT_BUTTON + jobId, "查看导入结果")),
        "import-done:" + jobId,
        List.of(Notification.CHAT));
  }

  /** A row still to write, with the preview's verdict. */
  private record Todo(ImportRow row, String verdict, String reason) {}

  /** One outcome to store; {@code createdId} the customer or lead a 新建 row made. */
  private record Outcome(int rowNo, String outcome, String reason, Long createdId) {}

  private Future<Void> write(SqlClient tx, Claim claim, List<Todo> todo) {
    Actor actor = claim.actor();
    List<ImportRow> candidates = new ArrayList<>();
    for (Todo t : todo) {
      if ("new".equals(t.verdict())) {
        candidates.add(t.row());
      }
    }
    return AccessResolver.resolve(tx, actor)
        .compose(access -> RowChecks.of(claim.kind(), tx, access, true))
        .compose(checks -> checks.check(tx, candidates))
        .compose(checked -> create(tx, actor, claim.kind(), todo, checked))
        .recover(
            e ->
                e instanceof Forbidden
                    // the uploader left the company meanwhile: nothing more is created in their
                    // name
                    ? Future.succeededFuture(
                        todo.stream()
                            .map(t -> new Outcome(t.row().rowNo(), "failed", "导入人已不在本公司", null))
                            .toList())
                    : Future.failedFuture(e))
        .compose(outcomes -> store(tx, claim, outcomes));
  }

  private static Future<List<Outcome>> create(
      SqlClient tx,
      Actor actor,
      ImportKind kind,
      List<Todo> todo,
      List<ImportChecks.Checked> checked) {
    List<ImportChecks.Checked> creating =
        checked.stream().filter(c -> c.verdict() == ImportChecks.Verdict.NEW).toList();
    if (kind == ImportKind.LEAD) {
      return LeadBatch.insert(tx, actor, creating.stream().map(ImportChecks.Checked::lead).toList())
          .map(ids -> outcomes(todo, checked, creating, ids));
    }
    List<CustomerBatch.Checked> toCreate =
        creating.stream().map(ImportChecks.Checked::customer).toList();
    return CustomerBatch.insert(tx, actor, toCreate)
        .compose(
            ids -> {
              List<ContactBatch.Entry> contacts = new ArrayList<>();
              for (int i = 0; i < ids.size(); i++) {
                if (creating.get(i).contact() != null) {
                  contacts.add(new ContactBatch.Entry(ids.get(i), creating.get(i).contact()));
                }
              }
              return ContactBatch.insert(tx, actor, contacts)
                  .map(v -> outcomes(todo, checked, creating, ids));
            });
  }

  private static List<Outcome> outcomes(
      List<Todo> todo,
      List<ImportChecks.Checked> checked,
      List<ImportChecks.Checked> creating,
      List<Long> ids) {
    java.util.Map<Integer, Outcome> byRow = new java.util.HashMap<>();
    for (ImportChecks.Checked c : checked) {
      String outcome = c.verdict() == ImportChecks.Verdict.ERROR ? "failed" : "skipped";
      byRow.put(c.row().rowNo(), new Outcome(c.row().rowNo(), outcome, c.reason(), null));
    }
    for (int i = 0; i < ids.size(); i++) {
      int rowNo = creating.get(i).row().rowNo();
      byRow.put(rowNo, new Outcome(rowNo, "created", null, ids.get(i)));
    }
    List<Outcome> out = new ArrayList<>();
    for (Todo t : todo) {
      Outcome o = byRow.get(t.row().rowNo());
      if (o == null) {
        o =
            new Outcome(
                t.row().rowNo(),
                "error".equals(t.verdict()) ? "failed" : "skipped",
                t.reason(),
                null);
      }
      out.add(o);
    }
    return out;
  }

  private Future<Void> store(SqlClient tx, Claim claim, List<Outcome> outcomes) {
    List<Tuple> updates = new ArrayList<>();
    int created = 0;
    int skipped = 0;
    int failed = 0;
    for (Outcome o : outcomes) {
      boolean lead = claim.kind() == ImportKind.LEAD;
      updates.add(
          Tuple.from(
              new Object[] {
                claim.tenantId(),
                claim.jobId(),
                o.rowNo(),
                o.outcome(),
                o.reason(),
                lead ? null : o.createdId(),
                lead ? o.createdId() : null
              }));
      switch (o.outcome()) {
        case "created" -> created++;
        case "skipped" -> skipped++;
        default -> failed++;
      }
    }
    Tuple counts =
        Tuple.from(
            new Object[] {
              claim.tenantId(),
              claim.jobId(),
              outcomes.size(),
              created,
              skipped,
              failed,
              settings.lease().toMillis()
            });
    return tx.preparedQuery(ImportSql.SET_OUTCOME)
        .executeBatch(updates)
        .compose(v -> tx.preparedQuery(ImportSql.COUNT).execute(counts))
        .mapEmpty();
  }
}
