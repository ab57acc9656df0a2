package io.squall.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RequestHandler} that takes its request body as it arrives instead of buffered
 * whole, Tornado's {@code @stream_request_body}: a multi-gigabyte upload goes to disk in bounded
 * memory. For a request with a body (a Content-Length above 0, or chunked):
 *
 * <ol>
 *   <li>{@link RequestHandler#prepare()} runs as soon as the head is in, before any byte of the body
 *       is read (the XSRF check before it, as for every handler; its token must then come in the
 *       {@code X-XSRFToken} header or the query). It may answer ({@code sendError(401)}, a
 *       redirect): the connection then closes with the body unread, and a client that sent {@code
 *       Expect: 100-continue} gets no {@code 100 Continue}. It may set the request's limit with
 *       {@link RequestHandler#setMaxBodySize}.
 *   <li>Still before the body: a method the handler lacks is a 405, and {@link Authenticated}
 *       denies (403, or a redirect to the login URL) as it would in the method.
 *   <li>{@link RequestHandler#dataReceived} (or {@link RequestHandler#dataReceivedAsync}, which can
 *       pause the reading) gets each piece of the body as it arrives, chunked framing removed.
 *   <li>Once the body has ended, the HTTP method ({@code post()}, {@code put()}...) runs as usual;
 *       {@code request().body()} is empty, and so are the body arguments and files.
 * </ol>
 *
 * <p>A body past the limit is answered 413 and the connection closes; so does a body that stalls
 * for {@code idleTimeout} (408). A throw in {@code dataReceived} is a 500 through {@link
 * RequestHandler#sendError}. If the body ends early (the client went away, a refused body),
 * {@link RequestHandler#onConnectionClose()} runs and the method does not. A request without a
 * body, a GET, runs as it would for any handler. On a class, it marks its subclasses too.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamRequestBody {}
