package dev.aifactory.gateway.web.tomcat;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/** Real Catalina exchanges served through {@link TomcatServing}, for the shortcuts' tests. */
public final class ServedExchanges {

  private ServedExchanges() {}

  /** What runs where the servlet would, on the thread serving the exchange. */
  public interface Work {
    void run() throws Exception;
  }

  /** A Catalina request with its response, as the connector pairs them. */
  public static Request exchange(org.apache.coyote.Request coyote, Response response) {
    Request request = new Request(null, coyote);
    request.setResponse(response);
    return request;
  }

  public static Request exchange() {
    return exchange(
        new org.apache.coyote.Request(), new Response(new org.apache.coyote.Response()));
  }

  /** Runs {@code work} behind the valve while this thread serves {@code request}. */
  public static void serve(Request request, Work work) throws Exception {
    TomcatServing valve = new TomcatServing();
    valve.setNext(
        new ValveBase() {
          @Override
          public void invoke(Request req, Response response) {
            try {
              work.run();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
    valve.invoke(request, request.getResponse());
  }
}
