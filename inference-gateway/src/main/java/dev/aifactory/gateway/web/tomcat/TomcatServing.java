package dev.aifactory.gateway.web.tomcat;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Which Tomcat request and response this thread is serving, for the data plane's two byte-level
 * shortcuts into Tomcat's header tables (response headers written as bytes, the bearer header read
 * as bytes: {@code TomcatResponseHeaders}, {@code TomcatBearerTokens}).
 *
 * <p>Contract: a context valve ({@link Registration}) notes the Catalina request while the rest of
 * the pipeline runs on this thread and restores what was there before. {@link #requestOf} and
 * {@link #responseOf} answer the Catalina object only for the servlet request or response that,
 * with every wrapper taken off, is the facade of the one this thread is serving; null for anything
 * else — another request, another thread (an asynchronous answer), no Tomcat, outside a request —
 * and the caller then uses the Servlet API. Tomcat-internal types: this class and its test are the
 * only places a Tomcat upgrade that changes them can break.
 */
public final class TomcatServing extends ValveBase {

  private static final ThreadLocal<Request> SERVING = new ThreadLocal<>();

  public TomcatServing() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    Request outer = SERVING.get();
    SERVING.set(request);
    try {
      getNext().invoke(request, response);
    } finally {
      // set, not remove: the thread keeps its entry, so no allocation per request
      SERVING.set(outer);
    }
  }

  /** The Catalina request behind {@code request} if this thread is serving it; else null. */
  public static Request requestOf(ServletRequest request) {
    Request serving = SERVING.get();
    if (serving == null) {
      return null;
    }
    ServletRequest inner = request;
    while (inner instanceof ServletRequestWrapper wrapper) {
      inner = wrapper.getRequest();
    }
    return inner == serving.getRequest() ? serving : null;
  }

  /** The Catalina response behind {@code response} if this thread is serving it; else null. */
  public static Response responseOf(ServletResponse response) {
    Request serving = SERVING.get();
    Response served = serving == null ? null : serving.getResponse();
    if (served == null) {
      return null;
    }
    ServletResponse inner = response;
    while (inner instanceof ServletResponseWrapper wrapper) {
      inner = wrapper.getResponse();
    }
    return inner == served.getResponse() ? served : null;
  }

  /**
   * Where this valve's customizer runs among the web server factory's customizers: a valve that
   * relies on it (the data plane's) orders its own after this.
   */
  public static final int CUSTOMIZER_ORDER = 0;

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.apache.catalina.Valve")
  static class Registration {
    @Bean
    Customizer tomcatServing() {
      return new Customizer();
    }
  }

  /** Adds the valve to the context's pipeline, ahead of valves that read what it notes. */
  record Customizer()
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextValves(new TomcatServing());
    }

    @Override
    public int getOrder() {
      return CUSTOMIZER_ORDER;
    }
  }
}
