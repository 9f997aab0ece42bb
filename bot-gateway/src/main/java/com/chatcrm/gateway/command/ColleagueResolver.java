package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.gateway.LogSafe;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which colleagues a typed {@code @名字} or the platform's @-ed user ids mean. */
final class ColleagueResolver {

  private static final Logger LOG = LoggerFactory.getLogger(ColleagueResolver.class);

  private final OrgService org;
  private final OrgQueries orgQueries;

  ColleagueResolver(Engine engine) {
    this.org = engine.org();
    this.orgQueries = engine.orgQueries();
  }

  Future<OrgMember> colleague(Actor actor, String name) {
    return orgQueries
        .findByName(actor, name)
        .map(
            list ->
                list.stream()
                    .filter(m -> m.name().equals(name) || name.equals(m.platformUserId()))
                    .findFirst()
                    .orElse(list.size() == 1 ? list.get(0) : null));
  }

  /**
   * The active colleagues behind platform user ids, in the platform's order; unknown ids are left
   * out.
   */
  Future<List<OrgMember>> atMembers(Actor actor, List<String> platformUserIds) {
    Future<List<OrgMember>> chain = Future.succeededFuture(new ArrayList<>());
    for (String id : platformUserIds) {
      chain =
          chain.compose(
              list ->
                  org.userId(actor.tenantId(), id)
                      .compose(
                          userId ->
                              orgQueries
                                  .findByName(actor, id)
                                  .map(
                                      found ->
                                          found.stream()
                                              .filter(m -> m.id() == userId && m.active())
                                              .findFirst()
                                              .orElse(null)))
                      .otherwise(
                          e -> {
                            LOG.info(
                                "@-ed platform user {} of tenant {} is not in the directory: {}",
                                LogSafe.text(id),
                                actor.tenantId(),
                                LogSafe.text(e.getMessage()));
                            return null;
                          })
                      .map(
                          m -> {
                            if (m != null
                                && m.id() != actor.userId()
                                && list.stream().noneMatch(x -> x.id() == m.id())) {
                              list.add(m);
                            }
                            return list;
                          }));
    }
    return chain;
  }
}
