package com.chatcrm.miniapp;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code exp} and {@code sig} of a signed download link's query, and the ids of its path: read
 * only when each is given once and well formed, else the link is refused as malformed (400).
 */
record LinkQuery(long exp, String sig) {

  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern EXP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIG =
      Pattern.compile("[0-9a-fA-F]{" + ChartSignature.HEX_LENGTH + "}");

  /** The query's expiry and signature; null when either is missing, repeated or malformed. */
  static LinkQuery of(RoutingContext ctx) {
    List<String> exps = ctx.queryParam("exp");
    List<String> sigs = ctx.queryParam("sig");
    if (exps.size() != 1
        || !EXP.matcher(exps.get(0)).matches()
        || sigs.size() != 1
        || !SIG.matcher(sigs.get(0)).matches()) {
      return null;
    }
    return new LinkQuery(Long.parseLong(exps.get(0)), sigs.get(0));
  }

  /** Whether every path parameter named is an id (plain digits within bigint). */
  static boolean ids(RoutingContext ctx, String... params) {
    for (String p : params) {
      String v = ctx.pathParam(p);
      if (v == null || !ID.matcher(v).matches()) {
        return false;
      }
    }
    return true;
  }
}
