package com.chatcrm.engine.opportunity;

/** Every statement on opportunity stages, in one place. */
final class StageSql {

  private StageSql() {}

  static final String COLUMNS = "id, name, position, probability, kind, active";

  static final String ALL =
      "SELECT " + COLUMNS + " FROM opportunity_stage WHERE tenant_id = $1 ORDER BY position";

  static final String ACTIVE =
      "SELECT "
          + COLUMNS
          + " FROM opportunity_stage WHERE tenant_id = $1 AND active ORDER BY position";

  /**
   * Every stage of the tenant, locked: admin edits run one at a time, so the won/lost rule holds.
   */
  static final String LOCK_ALL = ALL + " FOR UPDATE";

  /**
   * One stage, share-locked by whoever puts an opportunity into it, so that a concurrent
   * deactivation waits and then sees the opportunity (or the move sees the stage deactivated).
   */
  static final String BY_ID_FOR_SHARE =
      "SELECT " + COLUMNS + " FROM opportunity_stage WHERE tenant_id = $1 AND id = $2 FOR SHARE";

  /** The first active open stage: where a new opportunity starts. */
  static final String FIRST_OPEN_FOR_SHARE =
      "SELECT "
          + COLUMNS
          + " FROM opportunity_stage WHERE tenant_id = $1 AND active AND kind = 'open'"
          + " ORDER BY position LIMIT 1 FOR SHARE";

  /** The active stage of a closing kind (won or lost); there is exactly one of each. */
  static final String ACTIVE_OF_KIND_FOR_SHARE =
      "SELECT "
          + COLUMNS
          + " FROM opportunity_stage WHERE tenant_id = $1 AND active AND kind = $2"
          + " ORDER BY position LIMIT 1 FOR SHARE";

  static final String INSERT =
      "INSERT INTO opportunity_stage (tenant_id, name, position, probability, kind)"
          + " VALUES ($1, $2, $3, $4, 'open') RETURNING id";

  static final String UPDATE =
      "UPDATE opportunity_stage SET name = $3, probability = $4 WHERE tenant_id = $1 AND id = $2";

  static final String SET_ACTIVE =
      "UPDATE opportunity_stage SET active = $3 WHERE tenant_id = $1 AND id = $2";

  static final String DELETE = "DELETE FROM opportunity_stage WHERE tenant_id = $1 AND id = $2";

  /**
   * Live opportunities sitting in the stage: they would drop out of the pipeline if it went
   * inactive.
   */
  static final String LIVE_OPPORTUNITIES_IN =
      "SELECT count(*) FROM opportunity WHERE tenant_id = $1 AND stage_id = $2 AND deleted_at IS NULL";

  /** Whether any opportunity (deleted ones too) or any recorded move refers to the stage. */
  static final String IN_USE =
      """
      SELECT EXISTS (SELECT 1 FROM opportunity WHERE tenant_id = $1 AND stage_id = $2)
          OR EXISTS (SELECT 1 FROM opportunity_stage_move
                      WHERE tenant_id = $1 AND (to_stage_id = $2 OR from_stage_id = $2))
      """;

  /**
   * Renumbering in two steps, because (tenant_id, position) is unique and checked row by row: first
   * every stage to a distinct negative slot, then back to positive.
   */
  static final String RENUMBER_TO_NEGATIVE =
      """
      UPDATE opportunity_stage s SET position = -o.ord
        FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, ord)
       WHERE s.tenant_id = $1 AND s.id = o.id
      """;

  static final String RENUMBER_TO_POSITIVE =
      "UPDATE opportunity_stage SET position = -position WHERE tenant_id = $1 AND position < 0";
}
