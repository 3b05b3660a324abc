package org.pathways.hub.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A chat channel's webhook on a free port: it keeps every JSON body posted to it. */
final class WebhookReceiver implements AutoCloseable {

  static final String PATH = "/services/T000/B000/s3cr3t-T0KEN-xyz";

  private final HttpServer server;
  private final List<String> bodies = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        PATH,
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            if (status == 200) {
              synchronized (bodies) {
                bodies.add(body);
              }
            }
            exchange.sendResponseHeaders(status, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** The next {@code n} posts are answered 503, as a channel that is down. */
  void failNext(int n) {
    failuresLeft.set(n);
  }

  List<String> bodies() {
    synchronized (bodies) {
      return List.copyOf(bodies);
    }
  }

  /** Waits until {@code n} bodies were received in all. */
  List<String> await(int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (bodies().size() < n && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    return bodies();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
