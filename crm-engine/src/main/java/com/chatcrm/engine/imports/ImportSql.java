package com.chatcrm.engine.imports;

/** Every statement of the import jobs (customers and leads). */
final class ImportSql {

  private ImportSql() {}

  static final String BY_HASH =
      "SELECT "
          + ImportJob.COLUMNS
          + " FROM customer_import WHERE tenant_id = $1 AND created_by = $2 AND kind = $3"
          + " AND file_hash = $4";

  static final String BY_ID =
      "SELECT " + ImportJob.COLUMNS + " FROM customer_import WHERE tenant_id = $1 AND id = $2";

  static final String INSERT_JOB =
      "INSERT INTO customer_import (tenant_id, created_by, file_name, file_hash, total, preview, kind)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

  static final String INSERT_ROW =
      "INSERT INTO customer_import_row (tenant_id, import_id, row_no, name, data, verdict, reason)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

  static final String QUEUE =
      "UPDATE customer_import SET status = 'queued' WHERE tenant_id = $1 AND id = $2"
          + " AND status = 'preview'";

  // $4: only the rows a user should look at (错误, 重复, and after the import whatever was not created)
  static final String ROWS =
      """
      SELECT row_no, name, verdict, outcome, coalesce(outcome_reason, reason) AS reason, customer_id,
             lead_id
        FROM customer_import_row
       WHERE tenant_id = $1 AND import_id = $2 AND row_no > $3
         AND (NOT $4 OR CASE WHEN outcome IS NULL THEN verdict <> 'new' ELSE outcome <> 'created' END)
       ORDER BY row_no LIMIT $5
      """;

  static final String CLAIM =
      """
      UPDATE customer_import j
         SET status = 'running', lease_token = $1, lease_until = now() + $2 * interval '1 millisecond',
             started_at = coalesce(j.started_at, now())
       WHERE (j.tenant_id, j.id) = (
             SELECT tenant_id, id FROM customer_import
              WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
              ORDER BY created_at, tenant_id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING j.tenant_id, j.id, j.created_by, j.kind
      """;

  static final String HOLD =
      "SELECT id FROM customer_import WHERE tenant_id = $1 AND id = $2 AND lease_token = $3"
          + " AND status = 'running' FOR UPDATE";

  static final String TODO =
      "SELECT row_no, data, verdict, reason FROM customer_import_row"
          + " WHERE tenant_id = $1 AND import_id = $2 AND outcome IS NULL ORDER BY row_no LIMIT $3";

  static final String SET_OUTCOME =
      "UPDATE customer_import_row SET outcome = $4, outcome_reason = $5, customer_id = $6, lead_id = $7"
          + " WHERE tenant_id = $1 AND import_id = $2 AND row_no = $3";

  static final String COUNT =
      """
      UPDATE customer_import
         SET processed = processed + $3, created = created + $4, skipped = skipped + $5,
             failed = failed + $6, lease_until = now() + $7 * interval '1 millisecond'
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String FINISH =
      """
      UPDATE customer_import SET status = 'done', finished_at = now(), lease_token = NULL, lease_until = NULL
       WHERE tenant_id = $1 AND id = $2 AND lease_token = $3 AND status = 'running'
      RETURNING file_name, total, created, skipped, failed
      """;

  static final String TOTALS =
      "SELECT file_name, created, skipped, failed FROM customer_import WHERE tenant_id = $1 AND id = $2";

  static final String RELEASE =
      "UPDATE customer_import SET lease_token = NULL, lease_until = NULL"
          + " WHERE tenant_id = $1 AND id = $2 AND lease_token = $3";
}
