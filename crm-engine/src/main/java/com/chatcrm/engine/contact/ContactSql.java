package com.chatcrm.engine.contact;

/** Every statement on contacts, in one place. */
final class ContactSql {

  private ContactSql() {}

  static final String SELECT =
      "SELECT id, customer_id, name, title, phones, email, wechat_id, created_by, created_at, updated_at, version,"
          + " deleted_at FROM contact";

  static final String BY_ID = SELECT + " WHERE tenant_id = $1 AND id = $2";

  static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

  /** $2 customer, $3 limit. */
  static final String BY_CUSTOMER =
      SELECT
          + " WHERE tenant_id = $1 AND customer_id = $2 AND deleted_at IS NULL ORDER BY id LIMIT $3";

  static final String INSERT =
      """
      INSERT INTO contact (tenant_id, customer_id, name, title, phones, email, wechat_id, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      RETURNING id
      """;

  static final String UPDATE =
      """
      UPDATE contact SET name = $3, title = $4, phones = $5, email = $6, wechat_id = $7,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String SOFT_DELETE =
      "UPDATE contact SET deleted_at = now(), version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2";

  /**
   * Live contacts of live customers, but $2, with a phone among the phones $3, compared by V23's
   * indexed {@code phone_norms} (as {@code CompanyNames.normalizePhone} compares them); each match
   * names the phone of the contact that matched. A few suffice for the warning.
   */
  static final String SAME_PHONE =
      """
      SELECT c.id, c.customer_id, c.name, p AS phone
        FROM contact c
        JOIN customer cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id AND cu.deleted_at IS NULL
        CROSS JOIN LATERAL unnest(c.phones) AS p
       WHERE c.tenant_id = $1 AND c.id <> $2 AND c.deleted_at IS NULL
         AND c.phone_norms && crm_phone_norms($3)
         AND crm_phone_norms(ARRAY[p]) && crm_phone_norms($3)
       ORDER BY c.id
       LIMIT 20
      """;
}
