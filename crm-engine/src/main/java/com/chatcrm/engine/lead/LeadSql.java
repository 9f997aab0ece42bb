package com.chatcrm.engine.lead;

/** The SQL of leads. */
final class LeadSql {

  private LeadSql() {}

  static final String COLUMNS =
      "l.id, l.company, l.contact_name, l.phones, l.source, l.status, l.owner_id, u.name AS owner_name,"
          + " l.region, l.industry, l.note, l.invalid_reason, l.former_status, l.customer_id,"
          + " l.opportunity_id, l.contact_id, l.created_at, l.updated_at, l.version";

  static final String FROM =
      " FROM lead l LEFT JOIN crm_user u ON u.tenant_id = l.tenant_id AND u.id = l.owner_id";

  static final String BY_ID =
      "SELECT " + COLUMNS + FROM + " WHERE l.tenant_id = $1 AND l.id = $2 AND l.deleted_at IS NULL";

  static final String LOCK =
      "SELECT id FROM lead WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE";

  static final String BY_MESSAGE =
      "SELECT "
          + COLUMNS
          + FROM
          + " WHERE l.tenant_id = $1 AND l.source_message_id = $2 AND l.deleted_at IS NULL";

  static final String INSERT =
      """
      INSERT INTO lead (tenant_id, company, company_norm, contact_name, phones, source, owner_id, assigned_at,
                        region, industry, note, source_message_id, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::bigint IS NULL THEN NULL ELSE now() END,
              $8, $9, $10, $11, $12)
      RETURNING id
      """;

  /** $3 status, $4 former status, $5 invalid reason. */
  static final String SET_STATUS =
      """
      UPDATE lead SET status = $3, former_status = $4, invalid_reason = $5,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String DELETE =
      "UPDATE lead SET deleted_at = now(), version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  /** $3 the new owner, null for the 线索池. */
  static final String SET_OWNER =
      """
      UPDATE lead SET owner_id = $3, assigned_at = CASE WHEN $3::bigint IS NULL THEN NULL ELSE now() END,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String CONVERTED =
      """
      UPDATE lead SET status = 'converted', former_status = status, customer_id = $3, contact_id = $4,
             opportunity_id = $5, converted_at = now(), version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String UNCONVERTED =
      """
      UPDATE lead SET status = coalesce(former_status, 'new'), former_status = NULL, customer_id = NULL,
             contact_id = NULL, opportunity_id = NULL, converted_at = NULL, version = version + 1,
             updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  /**
   * Live leads with the normalised company $2 or a phone among $3 (compared as V23's
   * crm_phone_norms compares them).
   */
  static final String DUPLICATE_LEADS =
      "SELECT "
          + COLUMNS
          + ", (l.company_norm = $2) AS same_name"
          + FROM
          + " WHERE l.tenant_id = $1 AND l.deleted_at IS NULL AND l.status IN ('new', 'contacted')"
          + " AND (l.company_norm = $2 OR l.phone_norms && crm_phone_norms($3::text[]))"
          + " ORDER BY (l.company_norm = $2) DESC, l.id LIMIT 5";

  /**
   * Live customers with the normalised name $2, or a phone among $3 on the customer or one of its
   * live contacts; whether $4 collaborates on each.
   */
  static final String DUPLICATE_CUSTOMERS =
      """
      WITH hits AS (
          SELECT id FROM customer
           WHERE tenant_id = $1 AND deleted_at IS NULL
             AND (name_norm = $2 OR phone_norms && crm_phone_norms($3::text[]))
          UNION
          SELECT customer_id FROM contact
           WHERE tenant_id = $1 AND deleted_at IS NULL AND phone_norms && crm_phone_norms($3::text[]))
      SELECT c.id, c.name, c.owner_id, c.in_pool, u.name AS owner_name, (c.name_norm = $2) AS same_name,
             EXISTS (SELECT 1 FROM customer_collaborator cc
                      WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id AND cc.user_id = $4)
               AS collaborating
        FROM customer c JOIN hits h ON h.id = c.id
        LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id
       WHERE c.tenant_id = $1 AND c.deleted_at IS NULL
       ORDER BY (c.name_norm = $2) DESC, c.id
       LIMIT 5
      """;

  /**
   * A page: $2 scope (mine, team, pool), $3 the actor, $4 admin, $5 the owners the actor sees, $6
   * statuses, $7 a LIKE pattern or null, $8 the cursor or null, $9 the page size + 1.
   */
  static final String PAGE =
      "SELECT "
          + COLUMNS
          + FROM
          + """
           WHERE l.tenant_id = $1 AND l.deleted_at IS NULL AND l.status = ANY($6)
             AND CASE $2::text
                   WHEN 'mine' THEN l.owner_id = $3
                   WHEN 'pool' THEN l.owner_id IS NULL
                   ELSE l.owner_id IS NOT NULL AND ($4 OR l.owner_id = ANY($5))
                 END
             AND ($7::text IS NULL OR l.company ILIKE $7 OR l.contact_name ILIKE $7
                  OR array_to_string(l.phones, ' ') ILIKE $7)
             AND ($8::bigint IS NULL OR l.id < $8)
           ORDER BY l.id DESC
           LIMIT $9
          """;

  /**
   * Live leads the actor sees ($3 admin, $4 the owners the actor sees, or the 线索池) whose company is
   * $2 normalised, or contains the pattern $5: the exact ones first.
   */
  static final String BY_COMPANY =
      "SELECT "
          + COLUMNS
          + FROM
          + """
           WHERE l.tenant_id = $1 AND l.deleted_at IS NULL AND l.status IN ('new', 'contacted')
             AND (l.owner_id IS NULL OR $3 OR l.owner_id = ANY($4))
             AND (l.company_norm = $2 OR l.company ILIKE $5 OR l.company_norm LIKE $6)
           ORDER BY (l.company_norm = $2) DESC, l.id DESC
           LIMIT $7
          """;
}
