package org.ahphub.mapper.store;

/** The mapper's stores, one per concern, as the service is given them. */
public record Stores(PassportStore passports, PersonStore people, CatalogueStore catalogue, ReplayStore replay) {}
