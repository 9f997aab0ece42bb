package com.chatcrm.engine.customer;

/** Every statement on customers, in one place. */
final class CustomerSql {

  private CustomerSql() {}

  static final String COLUMNS =
      """
      c.id, c.name, c.short_name, c.aliases, c.industry, c.region, c.source, c.level, c.phones,
      c.address, c.tags, c.owner_id, u.name AS owner_name, c.in_pool, c.last_follow_up_at,
      c.created_at, c.updated_at, c.version, c.deleted_at,
      ARRAY(SELECT cc.user_id FROM customer_collaborator cc
             WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id ORDER BY cc.user_id) AS collaborators
      """;

  static final String FROM =
      " FROM customer c LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id ";

  /**
   * $1 tenant, $2 admin, $3 visible owners, $4 acting user. The collaborations are an array, not
   * EXISTS: both arms are then index conditions (owner index, primary key), so a rep's search reads
   * their few hundred customers instead of every customer matching the words.
   */
  static final String VISIBLE =
      """
       ($2 OR c.owner_id = ANY($3) OR c.id = ANY(ARRAY(SELECT cc.customer_id FROM customer_collaborator cc
            WHERE cc.tenant_id = $1 AND cc.user_id = $4)))
      """;

  /**
   * {@link #VISIBLE} for the search, which tests it on thousands of rows (the recent customers, a
   * lookup's hits). Where PostgreSQL does not hash owner_id = ANY($3) (a generic plan never does),
   * it searches the array row by row, for every entry of the recency index it walks. IN (SELECT
   * unnest($3)) is hashed in any plan and goes first, so the row-by-row search runs only for the
   * customers it finds; the ANY stays for the owner index, which finds a rep's few hundred
   * customers.
   */
  static final String VISIBLE_HASHED =
      VISIBLE.replace(
          "c.owner_id = ANY($3)",
          "(c.owner_id IN (SELECT unnest($3::bigint[])) AND c.owner_id = ANY($3))");

  /**
   * {@link #VISIBLE_HASHED} without the ANY, for a search when many owners are visible: planning
   * estimates owner_id = ANY($3) element by element against the column's statistics, in every
   * clause that carries it, and a region manager's search (hundreds of owners, up to nine lookups)
   * took as long to plan as to run. A lookup goes by its rank's index, the recent customers by the
   * recency index; only a few owners' customers are worth the owner index.
   */
  static final String VISIBLE_MANY =
      VISIBLE.replace("c.owner_id = ANY($3)", "c.owner_id IN (SELECT unnest($3::bigint[]))");

  static final String BY_ID = "SELECT " + COLUMNS + FROM + " WHERE c.tenant_id = $1 AND c.id = $2";

  // Lock the row alone, then read it: a locked read with a join re-checks only the locked row after
  // a concurrent update and would return the old owner's name joined to the new owner.
  static final String LOCK = "SELECT 1 FROM customer WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  static final String DUPLICATES =
      "SELECT "
          + COLUMNS
          + ", (c.name_norm = $2) AS same_name"
          + FROM
          + " WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND c.id <> $4"
          + " AND (c.name_norm = $2 OR c.phone_norms && $3) ORDER BY (c.name_norm = $2) DESC, c.id LIMIT 1";

  static final String INSERT =
      """
      INSERT INTO customer (tenant_id, name, name_norm, name_pinyin, name_initials, name_grams, search_text,
                            short_name, aliases, industry, region, source, level, phones, phone_norms,
                            phones_text, address, tags, owner_id, in_pool, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, false, $20)
      RETURNING id
      """;

  static final String UPDATE =
      """
      UPDATE customer SET name = $3, name_norm = $4, name_pinyin = $5, name_initials = $6, name_grams = $7,
             search_text = $8, short_name = $9, aliases = $10, industry = $11, region = $12, source = $13,
             level = $14, phones = $15, phone_norms = $16, phones_text = $17, address = $18, tags = $19,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String SOFT_DELETE =
      "UPDATE customer SET deleted_at = now(), deleted_by = $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String RESTORE =
      "UPDATE customer SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String TRANSFER =
      "UPDATE customer SET owner_id = $3, owned_since = now(), pool_warned_at = NULL, version = version + 1,"
          + " updated_at = now() WHERE tenant_id = $1 AND id = $2";

  /** The latest hand-over of a customer: its transfer or its assignment out of the pool. */
  static final String LAST_TRANSFER =
      "SELECT actor_id, changes, at FROM audit_log WHERE tenant_id = $1 AND entity_type = 'customer'"
          + " AND entity_id = $2 AND action IN ('transfer', 'assign') ORDER BY at DESC, id DESC LIMIT 1";

  /** An assignment out of the pool taken back: the customer is in the pool again, as it was. */
  static final String BACK_TO_POOL =
      "UPDATE customer SET owner_id = NULL, in_pool = true, pool_since = now(), pool_warned_at = NULL,"
          + " owned_since = NULL, version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2";

  /** $3 kind, $4 the user it concerns. */
  static final String POOL_EVENT =
      "INSERT INTO pool_event (tenant_id, customer_id, kind, user_id, at) VALUES ($1, $2, $3, $4, now())";

  /**
   * Locks the owner (the pool's claim takes the same lock) and counts their live private customers.
   */
  static final String OWNER_HOLDINGS =
      """
      SELECT u.id, r.max_private,
             (SELECT count(*) FROM customer c WHERE c.tenant_id = u.tenant_id AND c.owner_id = u.id
                 AND c.deleted_at IS NULL) AS held
        FROM crm_user u LEFT JOIN pool_rule r ON r.tenant_id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.id = $2
         FOR UPDATE OF u
      """;

  // the same count for several owners at once (an import's preview)
  static final String OWNERS_HOLDINGS =
      """
      SELECT u.id, r.max_private,
             (SELECT count(*) FROM customer c WHERE c.tenant_id = u.tenant_id AND c.owner_id = u.id
                 AND c.deleted_at IS NULL) AS held
        FROM crm_user u LEFT JOIN pool_rule r ON r.tenant_id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.id = ANY($2)
      """;

  // ... and for an import's batch, each owner's row locked as creating one customer locks it
  static final String OWNERS_HOLDINGS_LOCKED = OWNERS_HOLDINGS + " FOR UPDATE OF u";

  static final String ADD_COLLABORATOR =
      "INSERT INTO customer_collaborator (tenant_id, customer_id, user_id, added_by) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT DO NOTHING";

  static final String REMOVE_COLLABORATOR =
      "DELETE FROM customer_collaborator WHERE tenant_id = $1 AND customer_id = $2 AND user_id = $3";
}
