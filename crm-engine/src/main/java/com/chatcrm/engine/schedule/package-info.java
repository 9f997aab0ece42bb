/**
 * Pushed work, as verticles on periodic timers and a controllable {@link java.time.Clock}: due
 * reminders (paced per tenant), managers' daily and weekly reports, the nightly pool reclaim with
 * its warnings, and the morning nudge of undone reminders. Work that must happen once is claimed in
 * Postgres (SKIP LOCKED on reminders, the {@code scheduled_run} key otherwise) with a lease, so any
 * number of nodes may run them; messages leave through the {@link com.chatcrm.engine.port.Notifier}
 * port under a dedupe key.
 */
package com.chatcrm.engine.schedule;
