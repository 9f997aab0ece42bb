/** The H5 mini-app's HTTP API, its front-end and the sandbox pages. Depends on the engine. */
package com.chatcrm.miniapp;
