package com.chatcrm.bench;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** EXPLAIN (ANALYZE, BUFFERS) of a statement, for the report's "why" when a target is missed. */
final class Explain {

  /**
   * The plan nodes worth quoting: where rows are read, joined, sorted and grouped, and the total.
   */
  private static final Pattern MAIN =
      Pattern.compile("Scan|Join|Aggregate|Sort \\(|Unique|Heap Blocks|Sort Method");

  private Explain() {}

  static String analyze(InProcessEngine engine, Pool pool, String sql, Tuple args) {
    List<String> lines = new ArrayList<>();
    for (Row r :
        engine.await(pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql).execute(args))) {
      lines.add(r.getString(0));
    }
    return String.join("\n", lines);
  }

  /** What a plan node read and dropped, for a plan whose cost is in the rows it reads. */
  private static final Pattern READS = Pattern.compile("Buffers: shared|Rows Removed by Filter");

  /** The main lines of a plan, long array literals cut, as a markdown code block. */
  static String excerpt(String plan, int maxLines) {
    return excerpt(plan, maxLines, false);
  }

  /**
   * The same, with what each node read from the buffers and dropped after reading, when reads is
   * set.
   */
  static String excerpt(String plan, int maxLines, boolean reads) {
    List<String> out = new ArrayList<>();
    for (String line : plan.split("\n")) {
      boolean quoted = MAIN.matcher(line).find() || (reads && READS.matcher(line).find());
      if ((quoted && out.size() < maxLines) || line.startsWith("Execution Time")) {
        out.add(line.replaceAll("'\\{[0-9,]{60,}}'", "'{…}'").replaceAll("\\(cost=[^)]*\\) ", ""));
      }
    }
    return "```\n" + String.join("\n", out) + "\n```";
  }
}
