package com.chatcrm.engine.org;

import java.util.List;

/** A user as colleagues see them: for @-mentions, owner pickers and report rows. */
public record OrgMember(
    long id,
    String platformUserId,
    String name,
    String role,
    boolean active,
    List<String> departments) {}
