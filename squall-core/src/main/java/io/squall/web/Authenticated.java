package io.squall.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a handler method (or every method of a handler class): without a current user ({@link
 * RequestHandler#getCurrentUser()}), GET and HEAD are redirected to the {@code login_url} setting
 * with {@code ?next=}, everything else (or when no login URL is set) gets 403.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Authenticated {}
