package io.squall.pubsub;

/** The broker could not do what was asked: unreachable, closed, or refused the command. */
public class BrokerException extends RuntimeException {
  public BrokerException(String message) {
    super(message);
  }

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
