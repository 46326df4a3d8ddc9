package org.ahphub.connectors.translate;

/**
 * A change of recorded outcome that a translation asks the pipeline to remember once the row's
 * statements are delivered: for key {@code key}, the record {@code origin} set the outcome to
 * {@code outcome} ({@code null}: no outcome statement stands any more).
 */
public record OutcomeChange(String key, String origin, String outcome) {}
