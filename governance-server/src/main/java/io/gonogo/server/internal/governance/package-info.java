/**
 * The governance service layer shared by both transports: the records it deals in, its validation
 * and state rules, the H2 store that makes acknowledged writes durable, the admission control that
 * bounds in-flight work, and the hub of pending-decision watchers.
 */
package io.gonogo.server.internal.governance;
