package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.Access;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * The checks of one kind of import: every row's verdict, in file order. Run by the preview and
 * again by each batch of the import, since records may have been created in between.
 */
interface RowChecks {

  Future<List<ImportChecks.Checked>> check(SqlClient db, List<ImportRow> rows);

  /**
   * @param writing the rows are written in the same transaction (what the checks count is locked)
   */
  static Future<RowChecks> of(ImportKind kind, SqlClient db, Access access, boolean writing) {
    return ImportOwners.of(db, access)
        .map(
            owners ->
                kind == ImportKind.LEAD
                    ? new LeadImportChecks(owners)
                    : new ImportChecks(owners, writing));
  }
}
