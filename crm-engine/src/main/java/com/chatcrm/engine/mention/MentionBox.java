package com.chatcrm.engine.mention;

/** Which open mentions to list: those addressed to the actor, or those the actor sent. */
public enum MentionBox {
  TO_ME,
  FROM_ME
}
