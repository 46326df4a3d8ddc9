/**
 * HTTP pieces the services' APIs share (vertx-web): feature route groups ({@link org.ahphub.platform.http.ApiRoutes}),
 * scope checks ({@link org.ahphub.platform.http.Authorization}), refusals with a status
 * ({@link org.ahphub.platform.http.ApiError}) answered as RFC 9457 problem details in one place
 * ({@link org.ahphub.platform.http.Problems}), and reading request bodies and path parameters. Only the
 * services' {@code http} packages use it.
 */
package org.ahphub.platform.http;
