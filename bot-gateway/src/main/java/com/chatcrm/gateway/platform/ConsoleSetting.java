package com.chatcrm.gateway.platform;

/**
 * One thing to set in a platform's admin console for a company to reach us, as a registration
 * prints it: where (the console's own words) and what to enter.
 */
public record ConsoleSetting(String where, String value) {}
