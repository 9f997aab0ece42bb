package com.chatcrm.engine.settings;

/** Every statement of the settings package, in one place. */
final class SettingsSql {

  private SettingsSql() {}

  /**
   * The active members (only $2 when not null) with their role and departments, admins first, then
   * by name.
   */
  static final String MEMBERS =
      """
      SELECT u.id, u.name, u.role, u.role_set_in_app,
             ARRAY(SELECT d.name FROM user_department ud JOIN department d
                     ON d.tenant_id = ud.tenant_id AND d.id = ud.department_id
                    WHERE ud.tenant_id = u.tenant_id AND ud.user_id = u.id ORDER BY d.name) AS departments
        FROM crm_user u
       WHERE u.tenant_id = $1 AND u.active AND ($2::bigint IS NULL OR u.id = $2)
       ORDER BY u.role = 'admin' DESC, u.name, u.id
      """;

  /**
   * The active admins, locked: two revokes at once are taken one after the other, so the second
   * sees the first and the company never ends up without an admin.
   */
  static final String ADMINS_FOR_UPDATE =
      "SELECT id FROM crm_user WHERE tenant_id = $1 AND role = 'admin' AND active ORDER BY id FOR UPDATE";

  static final String MEMBER_FOR_UPDATE =
      "SELECT id, name, role FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active FOR UPDATE";

  static final String SET_ROLE =
      "UPDATE crm_user SET role = $3, role_set_in_app = true, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  /** The tenant's own schedule times, locked for a change. */
  static final String SCHEDULE_FOR_UPDATE =
      "SELECT coalesce(settings -> 'schedule', '{}'::jsonb) AS schedule FROM tenant WHERE tenant_id = $1 FOR UPDATE";

  static final String SCHEDULE =
      "SELECT coalesce(settings -> 'schedule', '{}'::jsonb) AS schedule FROM tenant WHERE tenant_id = $1";

  /** Replaces {@code settings.schedule}, leaving the rest of the settings alone. */
  static final String SET_SCHEDULE =
      "UPDATE tenant SET settings = jsonb_set(settings, '{schedule}', $2::jsonb, true) WHERE tenant_id = $1";
}
