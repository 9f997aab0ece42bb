package com.chatcrm.engine.schedule;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pass pushes to a tenant's users: an owner whose pace allows a card per due reminder gets
 * a card each; one with more due than that gets them all in one digest, so a burst never pushes a
 * member beyond the platform's per-member limit. The plan spends at most the tenant's tokens, one
 * per message.
 */
final class DispatchPlan {

  /**
   * A digest covers at most this many reminders (their ids ride in its link); the rest make the
   * next one.
   */
  static final int MAX_DIGEST = 50;

  /**
   * An owner with {@code due} reminders waiting and {@code tokens} whole tokens of their own pace.
   */
  record Waiting(long ownerId, int due, int tokens) {}

  /** How one owner is served: {@code spend} messages, claiming up to {@code claim} reminders. */
  record Share(boolean digest, int spend, int claim) {}

  private final Map<Long, Share> shares;

  private DispatchPlan(Map<Long, Share> shares) {
    this.shares = shares;
  }

  /**
   * @param waiting the owners, longest waiting first
   * @param messages the tenant's tokens: how many messages this pass may push
   * @param maxClaim how many reminders one pass may claim, to bound its work
   */
  static DispatchPlan of(List<Waiting> waiting, int messages, int maxClaim) {
    Map<Long, Share> shares = new LinkedHashMap<>();
    int left = messages;
    int claimed = 0;
    for (Waiting w : waiting) {
      if (left < 1 || claimed >= maxClaim) {
        break;
      }
      Share share =
          w.due() <= Math.min(w.tokens(), left)
              ? new Share(false, w.due(), w.due())
              : new Share(true, 1, Math.min(w.due(), MAX_DIGEST));
      shares.put(w.ownerId(), share);
      left -= share.spend();
      claimed += share.claim();
    }
    return new DispatchPlan(shares);
  }

  boolean isEmpty() {
    return shares.isEmpty();
  }

  /** How many messages the plan pushes. */
  int messages() {
    return shares.values().stream().mapToInt(Share::spend).sum();
  }

  /** Each owner's tokens to take. */
  Map<Long, Integer> spend() {
    Map<Long, Integer> out = new HashMap<>();
    shares.forEach((owner, s) -> out.put(owner, s.spend()));
    return out;
  }

  /** How many reminders to claim for each of {@code owners} (those whose tokens were granted). */
  Map<Long, Integer> claims(Set<Long> owners) {
    Map<Long, Integer> out = new HashMap<>();
    shares.forEach(
        (owner, s) -> {
          if (owners.contains(owner)) {
            out.put(owner, s.claim());
          }
        });
    return out;
  }

  /** Whether this owner's reminders go out as one digest. */
  boolean digest(long ownerId) {
    Share s = shares.get(ownerId);
    return s != null && s.digest();
  }
}
