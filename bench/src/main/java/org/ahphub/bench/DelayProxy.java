package org.ahphub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that delays every byte by a fixed time in each direction, as a link to a database in another zone
 * would: a round trip through it costs twice the delay more. Order is kept; throughput is not limited (what a
 * connection sends while earlier bytes wait is on its way too). Plain threads and blocking sockets, apart from any
 * event loop: per direction of each connection one thread reads and queues what arrives with its due time, and
 * one writes it when due ({@link DelayQueue}, which parks to the nanosecond), so timers are not rounded to
 * milliseconds and the proxy does not wait behind the load it measures.
 *
 * <pre>
 * DelayProxy proxy = DelayProxy.start(0, "127.0.0.1", 5432, 1_000_000);   // 1 ms each way
 * </pre>
 */
public final class DelayProxy implements AutoCloseable {

  private final ServerSocket server;

  private DelayProxy(ServerSocket server) {
    this.server = server;
  }

  /** Listens on loopback {@code port} (0: any free one) and forwards to {@code targetHost:targetPort}. */
  public static DelayProxy start(int port, String targetHost, int targetPort, long delayNanos) throws IOException {
    ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    DelayProxy proxy = new DelayProxy(server);
    daemon("delay-proxy-accept", () -> {
      while (!server.isClosed()) {
        try {
          Socket inbound = server.accept();
          Socket outbound = new Socket();
          outbound.connect(new InetSocketAddress(targetHost, targetPort));
          inbound.setTcpNoDelay(true);
          outbound.setTcpNoDelay(true);
          forward(inbound, outbound, delayNanos);
          forward(outbound, inbound, delayNanos);
        } catch (IOException e) {
          if (!server.isClosed()) {
            System.err.println("delay proxy: " + e);
          }
        }
      }
    });
    return proxy;
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** Bytes that may be written from {@code due} (System.nanoTime), the {@code n}th read; empty: the sender closed. */
  private record Chunk(long due, long n, byte[] bytes) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Chunk that = (Chunk) other;
      return due != that.due ? Long.compare(due, that.due) : Long.compare(n, that.n);
    }
  }

  private static void forward(Socket from, Socket to, long delayNanos) {
    DelayQueue<Chunk> waiting = new DelayQueue<>();
    daemon("delay-proxy-read", () -> {
      byte[] buffer = new byte[64 * 1024];
      long n = 0;
      try {
        InputStream in = from.getInputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
          // Due times never go back (one reader, a monotonic clock; ties in read order): chunks leave in arrival order.
          waiting.add(new Chunk(System.nanoTime() + delayNanos, n++, Arrays.copyOf(buffer, read)));
        }
      } catch (IOException closed) {
        // the connection went away: close the other side after the delay
      }
      waiting.add(new Chunk(System.nanoTime() + delayNanos, n, new byte[0]));
    });
    daemon("delay-proxy-write", () -> {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = waiting.take();
          if (chunk.bytes().length == 0) {
            break;
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException | InterruptedException closed) {
        // nothing more to deliver
      } finally {
        closeQuietly(to);
        closeQuietly(from);
      }
    });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
