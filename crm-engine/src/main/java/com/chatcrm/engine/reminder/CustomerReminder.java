package com.chatcrm.engine.reminder;

/** A reminder about a customer, with whose it is, as the customer's page lists it. */
public record CustomerReminder(Reminder reminder, String ownerName) {}
