package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * 导入客户 and 导入线索 ({@link ImportKind}): an uploaded file's rows are checked and stored as a job in
 * {@code preview} (nothing else written), the uploader reads what would happen, then starts it;
 * {@link ImportRunner} does the writing in the background. The same file uploaded again by the same
 * user is the same job, so a retried upload never imports twice. A job is seen only by who uploaded
 * it; to anyone else it is missing.
 */
public final class CustomerImports {

  /** The most rows one file may hold. */
  public static final int MAX_ROWS = 100_000;

  /** The most rows one page of {@link #rows} answers. */
  public static final int MAX_PAGE = 1_000;

  private static final int INSERT_CHUNK = 1_000;

  private final Pool pool;

  public CustomerImports(Pool pool) {
    this.pool = pool;
  }

  /** {@link #upload(Actor, ImportKind, String, String, List, List)} of customers. */
  public Future<ImportJob> upload(
      Actor actor,
      String fileName,
      String fileHash,
      List<String> unknownColumns,
      List<ImportRow> rows) {
    return upload(actor, ImportKind.CUSTOMER, fileName, fileHash, unknownColumns, rows);
  }

  /**
   * The job for this file: the one this user already has for the same content and kind, else a new
   * one in {@code preview} with every row's verdict.
   *
   * @param fileHash SHA-256 of the file's bytes, hex
   * @param unknownColumns the file's headers the import does not know (ignored, shown in the
   *     preview)
   */
  public Future<ImportJob> upload(
      Actor actor,
      ImportKind kind,
      String fileName,
      String fileHash,
      List<String> unknownColumns,
      List<ImportRow> rows) {
    if (rows.isEmpty()) {
      return Future.failedFuture(
          InvalidInput.field("file", "文件里没有数据行（第一行是表头，从第二行起每行" + kind.one() + "）"));
    }
    if (rows.size() > MAX_ROWS) {
      return Future.failedFuture(
          InvalidInput.field("file", "一次最多导入 " + MAX_ROWS + " 行，这个文件有 " + rows.size() + " 行"));
    }
    return byHash(actor, kind, fileHash)
        .compose(
            known ->
                known != null
                    ? Future.succeededFuture(known)
                    : create(actor, kind, fileName, fileHash, unknownColumns, rows)
                        .recover(
                            e ->
                                e instanceof PgException pg && "23505".equals(pg.getSqlState())
                                    ? byHash(actor, kind, fileHash)
                                    : Future.failedFuture(e)));
  }

  /** The job, if the actor uploaded it. */
  public Future<ImportJob> get(Actor actor, long jobId) {
    return load(pool, actor, jobId);
  }

  /**
   * Starts the import of a job in preview: from now on the background worker writes it. Starting
   * one already started answers it as it stands.
   */
  public Future<ImportJob> start(Actor actor, long jobId) {
    return load(pool, actor, jobId)
        .compose(
            job ->
                ImportJob.PREVIEW.equals(job.status())
                    ? pool.preparedQuery(ImportSql.QUEUE)
                        .execute(Tuple.of(actor.tenantId(), jobId))
                        .compose(v -> load(pool, actor, jobId))
                    : Future.succeededFuture(job));
  }

  /**
   * The job's rows after line {@code afterRow}, in file order, at most {@code limit}: all of them,
   * or only those a user should look at (错误 and 重复; after the import, those not created).
   */
  public Future<List<ImportOutcome>> rows(
      Actor actor, long jobId, boolean problemsOnly, int afterRow, int limit) {
    int n = Math.max(1, Math.min(MAX_PAGE, limit));
    return load(pool, actor, jobId)
        .compose(
            job ->
                pool.preparedQuery(ImportSql.ROWS)
                    .execute(Tuple.of(actor.tenantId(), jobId, afterRow, problemsOnly, n)))
        .map(
            rows -> {
              List<ImportOutcome> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new ImportOutcome(
                              r.getInteger("row_no"),
                              r.getString("name"),
                              r.getString("verdict"),
                              r.getString("outcome"),
                              r.getString("reason"),
                              r.getLong("customer_id"),
                              r.getLong("lead_id"))));
              return out;
            });
  }

  private Future<ImportJob> byHash(Actor actor, ImportKind kind, String hash) {
    return pool.preparedQuery(ImportSql.BY_HASH)
        .execute(Tuple.of(actor.tenantId(), actor.userId(), kind.code(), hash))
        .map(rows -> rows.size() == 0 ? null : ImportJob.map(rows.iterator().next()));
  }

  static Future<ImportJob> load(SqlClient db, Actor actor, long jobId) {
    return db.preparedQuery(ImportSql.BY_ID)
        .execute(Tuple.of(actor.tenantId(), jobId))
        .map(
            rows -> {
              ImportJob job = rows.size() == 0 ? null : ImportJob.map(rows.iterator().next());
              if (job == null || job.createdBy() != actor.userId()) {
                throw new NotFound("no import " + jobId);
              }
              return job;
            });
  }

  private Future<ImportJob> create(
      Actor actor,
      ImportKind kind,
      String fileName,
      String fileHash,
      List<String> unknownColumns,
      List<ImportRow> rows) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            RowChecks.of(kind, tx, access, false)
                .compose(checks -> checks.check(tx, rows))
                .compose(
                    checked ->
                        tx.preparedQuery(ImportSql.INSERT_JOB)
                            .execute(
                                Tuple.of(
                                    actor.tenantId(),
                                    actor.userId(),
                                    fileName,
                                    fileHash,
                                    rows.size(),
                                    preview(checked, unknownColumns),
                                    kind.code()))
                            .map(r -> r.iterator().next().getLong(0))
                            .compose(id -> insertRows(tx, actor.tenantId(), id, checked, 0)))
                .compose(id -> load(tx, actor, id)));
  }

  private static JsonObject preview(List<ImportChecks.Checked> checked, List<String> unknown) {
    int[] counts = new int[ImportChecks.Verdict.values().length];
    checked.forEach(c -> counts[c.verdict().ordinal()]++);
    return new JsonObject()
        .put("new", counts[ImportChecks.Verdict.NEW.ordinal()])
        .put("duplicate", counts[ImportChecks.Verdict.DUPLICATE.ordinal()])
        .put("inFile", counts[ImportChecks.Verdict.IN_FILE.ordinal()])
        .put("error", counts[ImportChecks.Verdict.ERROR.ordinal()])
        .put("unknownColumns", new JsonArray(List.copyOf(unknown)));
  }

  private static Future<Long> insertRows(
      SqlClient tx, long tenantId, long jobId, List<ImportChecks.Checked> checked, int from) {
    if (from >= checked.size()) {
      return Future.succeededFuture(jobId);
    }
    List<Tuple> batch = new ArrayList<>();
    for (ImportChecks.Checked c :
        checked.subList(from, Math.min(checked.size(), from + INSERT_CHUNK))) {
      batch.add(
          Tuple.from(
              new Object[] {
                tenantId,
                jobId,
                c.row().rowNo(),
                c.row().name(),
                c.row().toJson(),
                c.verdict().code,
                c.reason()
              }));
    }
    return tx.preparedQuery(ImportSql.INSERT_ROW)
        .executeBatch(batch)
        .compose(v -> insertRows(tx, tenantId, jobId, checked, from + INSERT_CHUNK));
  }
}
