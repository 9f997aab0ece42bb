/**
 * A company's settings that its admins change in the mini-app (issue #19), beside those kept by
 * their own concepts (the pool rule in {@code pool}, the stages in {@code opportunity}): who is an
 * admin ({@link com.chatcrm.engine.settings.AdminRoles}) and when the 日报 and 周报 go out ({@link
 * com.chatcrm.engine.settings.ReportTimes}). Only admins read or change them; every change is
 * audited.
 */
package com.chatcrm.engine.settings;
