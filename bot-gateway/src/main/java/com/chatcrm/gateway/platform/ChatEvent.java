package com.chatcrm.gateway.platform;

import com.chatcrm.engine.inbox.InboundEvent;
import java.util.List;

/**
 * A platform callback in the product's terms, decoded by its {@link ChatPlatform}: the same for
 * every platform, so that one handler serves them all.
 */
public sealed interface ChatEvent {

  /**
   * Where an event comes from and where its answer goes.
   *
   * @param sender the platform user id of who did it; null when the platform names no member of the
   *     company (an external contact, an unpublished robot)
   * @param messageId the platform's id of the message or click: handling the same one twice must
   *     change nothing twice
   * @param replyTo the outbox recipient that reaches the sender where they wrote
   */
  record Origin(long tenantId, String sender, String messageId, String replyTo) {

    /** The origin of a recorded callback whose answer goes to {@code replyTo}. */
    public static Origin of(InboundEvent recorded, String replyTo) {
      return new Origin(recorded.tenantId(), recorded.sender(), recorded.platformKey(), replyTo);
    }
  }

  Origin origin();

  /**
   * A line typed to the app or the robot.
   *
   * @param mentions platform user ids the platform says were @-mentioned, in its order (the robot
   *     itself is not among them); empty where the platform does not say
   */
  record Text(Origin origin, String text, List<String> mentions) implements ChatEvent {}

  /**
   * A tapped button: on a card, or a command link in a message.
   *
   * @param cardRef the platform's handle for updating the clicked card in place ({@link
   *     ChatPlatform#updateCard}); null where the outcome is sent as a message instead
   * @param outcomeTo the outbox recipient of the outcome as a message, when {@code cardRef} is
   *     null; null for none
   */
  record ButtonTap(Origin origin, String buttonKey, String cardRef, String outcomeTo)
      implements ChatEvent {}

  /** The user opened the app (at most once a day): they are greeted. */
  record Opened(Origin origin) implements ChatEvent {}

  /** A picture, voice or file: only text is understood, and the user is told so. */
  record NotText(Origin origin) implements ChatEvent {}

  /** Someone the platform does not name as a member of the company wrote: they are told. */
  record Stranger(Origin origin) implements ChatEvent {}

  /** The company directory changed. */
  record Directory(Origin origin, DirectoryChange change) implements ChatEvent {}

  /** Nothing for the CRM to do. */
  record Ignored(Origin origin, String kind) implements ChatEvent {}
}
