/**
 * Internals of the renderer: the view models, Markdown escaping, formatting and the FreeMarker
 * set-up. Not part of the API; may change without notice.
 */
package io.gonogo.render.internal;
