/**
 * Rendering of decisions into documents: {@link io.gonogo.render.Renderer} turns a {@link
 * io.gonogo.core.Decision} and its {@link io.gonogo.core.EvidenceSet} into {@code go-no-go.md},
 * {@code go-no-go.html}, {@code decision.json}, {@code evidence.json} and {@code junit.xml}, from
 * FreeMarker templates that a templates folder can override.
 */
package io.gonogo.render;
