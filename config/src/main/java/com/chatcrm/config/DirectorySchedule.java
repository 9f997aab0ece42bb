package com.chatcrm.config;

import java.time.LocalTime;

/**
 * When each tenant's directory is synced in full every night, in the tenant's own time zone (unless
 * the tenant set its own time): what platform events missed, members who left included, is caught
 * then.
 *
 * @param nightlyAt the tenant-local time of the nightly sync
 */
public record DirectorySchedule(LocalTime nightlyAt) {}
