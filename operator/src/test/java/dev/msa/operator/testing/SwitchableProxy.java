package dev.msa.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of an endpoint that can be cut off and restored on the same port: the
 * endpoint "gone" for a while (connections refused, open ones reset) while what stands behind it,
 * moto and its state, stays as it was.
 */
public final class SwitchableProxy implements AutoCloseable {
  private final URI target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listening;

  public SwitchableProxy(URI target) {
    this.target = target;
    this.port = listen(0);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Refuses new connections and resets the open ones. */
  public synchronized void cut() {
    closeQuietly(listening);
    listening = null;
    open.forEach(SwitchableProxy::closeQuietly);
    open.clear();
  }

  /** Listens again on the same port. */
  public synchronized void restore() {
    if (listening == null) {
      listen(port);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private int listen(int at) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
      listening = server;
      Thread accept = new Thread(() -> accept(server), "proxy-accept-" + server.getLocalPort());
      accept.setDaemon(true);
      accept.start();
      return server.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by cut(), or the target refused: the client sees its connection go
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
