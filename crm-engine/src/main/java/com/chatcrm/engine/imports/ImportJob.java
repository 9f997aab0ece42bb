package com.chatcrm.engine.imports;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An uploaded file, what it imports (customers or leads), and where its import stands: {@code
 * preview} (nothing written yet), {@code queued}, {@code running}, {@code done}; the preview's
 * counts (新建, 重复, 文件内重复, 错误) and, once it runs, how many rows were processed, created, skipped and
 * failed.
 */
public record ImportJob(
    long id,
    ImportKind kind,
    long createdBy,
    String fileName,
    String status,
    int total,
    int willCreate,
    int duplicates,
    int duplicatesInFile,
    int errors,
    List<String> unknownColumns,
    int processed,
    int created,
    int skipped,
    int failed,
    OffsetDateTime createdAt,
    OffsetDateTime finishedAt) {

  public static final String PREVIEW = "preview";
  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String DONE = "done";

  static final String COLUMNS =
      "id, kind, created_by, file_name, status, total, preview, processed, created, skipped, failed,"
          + " created_at, finished_at";

  static ImportJob map(Row r) {
    JsonObject p = (JsonObject) r.getJson("preview");
    return new ImportJob(
        r.getLong("id"),
        ImportKind.of(r.getString("kind")),
        r.getLong("created_by"),
        r.getString("file_name"),
        r.getString("status"),
        r.getInteger("total"),
        p.getInteger("new", 0),
        p.getInteger("duplicate", 0),
        p.getInteger("inFile", 0),
        p.getInteger("error", 0),
        p.getJsonArray("unknownColumns", new io.vertx.core.json.JsonArray()).stream()
            .map(String::valueOf)
            .toList(),
        r.getInteger("processed"),
        r.getInteger("created"),
        r.getInteger("skipped"),
        r.getInteger("failed"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("finished_at"));
  }
}
