/**
 * The chat command language (issue #6): {@link com.chatcrm.language.CommandParser} turns one line
 * of Chinese or English into an {@link com.chatcrm.language.Intent} with slots ({@link
 * com.chatcrm.language.ParsedCommand}). Pure: no Vert.x, no database, no chat platform, the clock
 * and the tenant's stages passed in.
 */
package com.chatcrm.language;
