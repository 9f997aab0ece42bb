package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.mention.MentionBox;
import com.chatcrm.engine.mention.MentionService;
import io.vertx.core.json.JsonObject;

/**
 * @-mentions: the open ones to or from the user, and marking one done.
 */
final class MentionRoutes {

  private final MentionService mentions;

  MentionRoutes(Engine engine) {
    this.mentions = engine.mentions();
  }

  void addTo(Operations operations) {
    operations.on(
        "myMentions",
        200,
        c ->
            mentions
                .open(
                    c.actor(),
                    "from_me".equals(c.query("box")) ? MentionBox.FROM_ME : MentionBox.TO_ME,
                    100)
                .map(l -> new JsonObject().put("items", Views.all(l, Views::mention))));
    operations.on("mentionDone", 200, c -> mentions.done(c.actor(), c.id()).map(Views::mention));
  }
}
