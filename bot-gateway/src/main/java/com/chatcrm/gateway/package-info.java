/**
 * Everything chat-platform: DingTalk and WeCom adapters behind one interface, callback endpoints,
 * the command language, and the engine's outbound ports. Depends on the engine, never the other
 * way.
 */
package com.chatcrm.gateway;
