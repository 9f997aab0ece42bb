package com.chatcrm.engine.testing;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension giving a test class its own migrated database, dropped after the class:
 * {@code @RegisterExtension static FreshDatabase db = new FreshDatabase();}
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback {

  private final boolean migrate;
  private DatabaseLocation location;
  private Vertx vertx;
  private Pool sharedPool;

  public FreshDatabase() {
    this(true);
  }

  /** {@code migrate=false} leaves the database empty, for tests of start-up itself. */
  public FreshDatabase(boolean migrate) {
    this.migrate = migrate;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    location = TestPostgres.createDatabase(context.getRequiredTestClass().getSimpleName());
    if (migrate) {
      Migrations.migrate(location);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (vertx != null) {
      Await.await(vertx.close());
      vertx = null;
      sharedPool = null;
    }
    if (location != null) {
      TestPostgres.dropDatabase(location);
    }
  }

  /** A pool on this database, on a Vert.x owned by this extension and closed after the class. */
  public synchronized Pool pool() {
    if (sharedPool == null) {
      vertx = Vertx.vertx();
      sharedPool = pool(vertx);
    }
    return sharedPool;
  }

  /** The Vert.x behind {@link #pool()}. */
  public synchronized Vertx vertx() {
    pool();
    return vertx;
  }

  public DatabaseLocation location() {
    return location;
  }

  /** {@code postgresql://...} of this class's database, as {@code CRM_DB_URL} takes it. */
  public String url() {
    String password =
        location.password() == null || location.password().isEmpty()
            ? ""
            : ":" + location.password();
    return "postgresql://"
        + location.user()
        + password
        + "@"
        + location.host()
        + ":"
        + location.port()
        + "/"
        + location.database();
  }

  public Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(location.connectOptions())
        .using(vertx)
        .build();
  }
}
