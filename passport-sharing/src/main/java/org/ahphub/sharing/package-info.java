/**
 * Passport sharing: who may see whose passport (organisations' relationships with people, grants, learner
 * sign-in, the audit log: {@link org.ahphub.sharing.access.PassportAccess} makes every access decision),
 * webhook subscriptions and delivery ({@code webhooks}), and the sharing and admin HTTP routes ({@code http}).
 *
 * <p>Depends on hub-platform and xapi-spec, never on the competency mapper: it reads passports through the
 * {@link org.ahphub.sharing.PassportReader} port, which the mapper implements, and the mapper, the composition
 * root, wires it with {@link org.ahphub.sharing.PassportSharing}. Its tables sit in the mapper's schema and
 * migration history; the tables the two share are named in {@link org.ahphub.sharing.SharedTables}.
 */
package org.ahphub.sharing;
