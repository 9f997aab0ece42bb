/** Load generators and benchmark scenarios, run by hand against loopback; never by the test suite. */
package com.chatcrm.bench;
