/**
 * What the mapper reads from and writes to Kafka, as CloudEvents: a {@code lrs.statements} record as a
 * {@link org.ahphub.mapper.messages.StatementEvent}, and the {@code passport.updates} and
 * {@code passport.identities} events the service appends to the outbox. No Vert.x verticles here: those
 * consuming the topics are in {@code events}, above the service; these are below it.
 */
package org.ahphub.mapper.messages;
