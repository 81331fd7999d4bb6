/** Internals of the decision engine; not an API. */
package io.gonogo.core.internal;
