package org.ahphub.connectors.translate;

/** Why a row cannot be imported: the field at fault ({@code null} for the row as a whole) and the reason. */
public record Problem(String field, String reason) {}
