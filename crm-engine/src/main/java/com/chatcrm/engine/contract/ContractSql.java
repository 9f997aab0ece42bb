package com.chatcrm.engine.contract;

/** Every statement on contracts, their instalments and receipts, in one place. */
final class ContractSql {

  private ContractSql() {}

  static final String COLUMNS =
      """
      k.id, k.opportunity_id, o.name AS opportunity_name, k.customer_id, c.name AS customer_name,
      k.number, k.amount, k.received, k.signed_on, k.starts_on, k.ends_on, k.owner_id,
      u.name AS owner_name, k.version
      """;

  static final String FROM =
      """
       FROM contract k
       JOIN opportunity o ON o.tenant_id = k.tenant_id AND o.id = k.opportunity_id
       JOIN customer c ON c.tenant_id = k.tenant_id AND c.id = k.customer_id
       JOIN crm_user u ON u.tenant_id = k.tenant_id AND u.id = k.owner_id
      """;

  static final String BY_ID =
      "SELECT " + COLUMNS + FROM + " WHERE k.tenant_id = $1 AND k.id = $2 AND k.deleted_at IS NULL";

  /** Locked on its own, for the reason OpportunitySql.LOCK gives. */
  static final String LOCK =
      "SELECT 1 FROM contract WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE";

  /** Newest first. */
  static final String BY_CUSTOMER =
      "SELECT "
          + COLUMNS
          + FROM
          + " WHERE k.tenant_id = $1 AND k.customer_id = $2 AND k.deleted_at IS NULL"
          + " ORDER BY k.signed_on DESC, k.id DESC";

  /** The customer's voided (作废) contracts, latest voided first, for the record. */
  static final String VOIDED_BY_CUSTOMER =
      "SELECT "
          + COLUMNS
          + ", k.deleted_at AS voided_at"
          + FROM
          + " WHERE k.tenant_id = $1 AND k.customer_id = $2 AND k.deleted_at IS NOT NULL"
          + " ORDER BY k.deleted_at DESC, k.id DESC LIMIT 50";

  /** The instalments of the contracts in $2, by contract and seq. */
  static final String INSTALMENTS_OF =
      "SELECT contract_id, id, seq, due_on, amount, received, paid_at, reminder_id FROM contract_instalment"
          + " WHERE tenant_id = $1 AND contract_id = ANY($2) ORDER BY contract_id, seq";

  static final String INSTALMENTS =
      "SELECT id, seq, due_on, amount, received, paid_at, reminder_id FROM contract_instalment"
          + " WHERE tenant_id = $1 AND contract_id = $2 ORDER BY seq";

  /** The opportunity a contract is made from, locked so two contracts cannot race. */
  static final String OPPORTUNITY =
      "SELECT id, customer_id, name, amount, status, owner_id, deleted_at FROM opportunity"
          + " WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  static final String LIVE_FOR_OPPORTUNITY =
      "SELECT number FROM contract WHERE tenant_id = $1 AND opportunity_id = $2 AND deleted_at IS NULL";

  /** $2 the number's prefix (HT20261207-): how many numbers already start with it. */
  static final String NUMBERS_WITH_PREFIX =
      "SELECT count(*) FROM contract WHERE tenant_id = $1 AND starts_with(number, $2)";

  static final String NUMBER_TAKEN = "SELECT 1 FROM contract WHERE tenant_id = $1 AND number = $2";

  static final String INSERT =
      """
      INSERT INTO contract (tenant_id, opportunity_id, customer_id, number, amount, signed_on, starts_on,
                            ends_on, owner_id, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      RETURNING id
      """;

  static final String INSERT_INSTALMENT =
      "INSERT INTO contract_instalment (tenant_id, contract_id, seq, due_on, amount)"
          + " VALUES ($1, $2, $3, $4, $5) RETURNING id";

  static final String SET_INSTALMENT_REMINDER =
      "UPDATE contract_instalment SET reminder_id = $3 WHERE tenant_id = $1 AND id = $2";

  static final String SET_RENEWAL_REMINDER =
      "UPDATE contract SET renewal_reminder_id = $3 WHERE tenant_id = $1 AND id = $2";

  /** $3 the chat message id: the receipt it recorded already, if any. */
  static final String RECEIPT_OF_MESSAGE =
      "SELECT id, amount FROM contract_receipt WHERE tenant_id = $1 AND contract_id = $2"
          + " AND source_message_id = $3";

  static final String INSERT_RECEIPT =
      """
      INSERT INTO contract_receipt (tenant_id, contract_id, amount, received_on, note, recorded_by,
                                    source_message_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      RETURNING id
      """;

  /** $2 id, $3 new received, $4 paid: stamps paid_at once. */
  static final String APPLY_TO_INSTALMENT =
      "UPDATE contract_instalment SET received = $3,"
          + " paid_at = CASE WHEN $4 THEN coalesce(paid_at, now()) ELSE NULL END"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String ADD_RECEIVED =
      "UPDATE contract SET received = received + $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  /** A contract's created_at and renewal reminder, even when voided (the caller locked it). */
  static final String CREATED =
      "SELECT created_at, renewal_reminder_id FROM contract WHERE tenant_id = $1 AND id = $2";

  static final String VOID =
      "UPDATE contract SET deleted_at = now(), version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL";

  static final String RECEIPT_COLUMNS =
      """
      SELECT r.id, r.amount, r.received_on, r.note, r.recorded_by, u.name AS recorded_by_name,
             r.recorded_at
        FROM contract_receipt r
        JOIN crm_user u ON u.tenant_id = r.tenant_id AND u.id = r.recorded_by
       WHERE r.tenant_id = $1 AND r.contract_id = $2
      """;

  /** Newest first. */
  static final String RECEIPTS = RECEIPT_COLUMNS + " ORDER BY r.received_on DESC, r.id DESC";

  static final String RECEIPT = RECEIPT_COLUMNS + " AND r.id = $3";

  static final String ANY_RECEIPT =
      "SELECT 1 FROM contract_receipt WHERE tenant_id = $1 AND contract_id = $2 LIMIT 1";

  static final String DELETE_RECEIPT =
      "DELETE FROM contract_receipt WHERE tenant_id = $1 AND id = $2";

  static final String TAKE_BACK_RECEIVED =
      "UPDATE contract SET received = received - $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";
}
