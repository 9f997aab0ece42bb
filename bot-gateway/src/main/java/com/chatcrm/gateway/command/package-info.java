/**
 * The chat command language (issue #6): {@link com.chatcrm.language.CommandParser} (module
 * chat-language) turns one line of Chinese or English into an intent with slots, {@link
 * com.chatcrm.gateway.command.ChatCommands} carries it out against the engine as the sender and
 * answers a card, {@link com.chatcrm.gateway.command.CommandButtons} runs the card's {@code cmd:}
 * and {@code undo:} buttons, and {@link com.chatcrm.gateway.command.ParseApi} shows what a line
 * would do ({@code POST /sandbox/parse}).
 */
package com.chatcrm.gateway.command;
