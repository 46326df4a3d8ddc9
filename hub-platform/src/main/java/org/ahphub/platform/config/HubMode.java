package org.ahphub.platform.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Development or production, and the address HTTP servers listen on.
 *
 * <ul>
 *   <li>{@code HUB_DEV_MODE} (false): development mode, switched on explicitly. It allows http and local
 *       webhook receivers and a built-in key encryption key, and listens on loopback only
 *   <li>{@code HUB_HTTP_HOST} (127.0.0.1 in development mode, 0.0.0.0 otherwise): the address HTTP servers
 *       bind; in development mode it must be a loopback address
 * </ul>
 */
public record HubMode(boolean devMode, String httpHost) {

  public static final String LOOPBACK = "127.0.0.1";

  public static HubMode fromEnv(Env env) {
    boolean devMode = env.bool("HUB_DEV_MODE", false);
    String host = env.string("HUB_HTTP_HOST", devMode ? LOOPBACK : "0.0.0.0");
    if (devMode && !isLoopback(host)) {
      throw new IllegalArgumentException("HUB_HTTP_HOST is " + host + ", but development mode (HUB_DEV_MODE=true) "
          + "listens on loopback only: unset HUB_HTTP_HOST, or leave development mode to listen elsewhere");
    }
    return new HubMode(devMode, host);
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses are accepted here: no name is looked up.
    if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
