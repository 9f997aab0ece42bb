package com.chatcrm.engine.port;

import io.vertx.core.Future;

/**
 * Brings a tenant's org directory in step with its chat platform's, all of it: members and
 * departments added or changed, leaders as managers, members who left deactivated (and their 离职交接
 * announced). The engine cannot reach a platform; the gateway implements this.
 */
public interface DirectorySync {

  /**
   * Succeeds once the whole directory is written (a tenant without a platform app configured has
   * nothing to sync and succeeds at once); fails when the platform could not be read, so the
   * scheduler tries again later.
   */
  Future<Void> syncDirectory(long tenantId);
}
