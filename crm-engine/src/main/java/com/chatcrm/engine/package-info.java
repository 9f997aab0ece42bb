/**
 * The sales domain and its PostgreSQL storage. It knows nothing of HTTP, DingTalk or WeCom: it
 * talks to the outside through the ports in {@code engine.port} and answers with Vert.x {@code
 * Future}s.
 */
package com.chatcrm.engine;
