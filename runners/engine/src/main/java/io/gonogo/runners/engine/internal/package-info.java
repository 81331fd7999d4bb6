/** The engine's descriptors, the bundled suite kinds and service providers; not an API. */
package io.gonogo.runners.engine.internal;
