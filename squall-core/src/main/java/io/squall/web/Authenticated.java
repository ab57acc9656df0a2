package io.squall.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a handler method (or every method of a handler class): without a current user ({@link
 * RequestHandler#getCurrentUser()}), GET and HEAD are redirected to the {@code login_url} setting
 * with {@code next=} the request URI (the full URL when the login URL is absolute, as in Tornado),
 * everything else (or when no login URL is set) gets 403. On a class it guards its subclasses too;
 * on a method it guards every override of that method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Authenticated {}
