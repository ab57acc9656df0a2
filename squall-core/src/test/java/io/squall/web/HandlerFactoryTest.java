package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whether a route's handlers take their body as a stream, known without making one where possible. */
class HandlerFactoryTest {
  @StreamRequestBody
  static class Streaming extends RequestHandler {}

  /** Inherits the mark: {@link StreamRequestBody} is {@code @Inherited}. */
  static final class StreamingChild extends Streaming {}

  static final class Buffered extends RequestHandler {}

  @Test
  void aClassRouteKnowsWithoutMakingAHandler() {
    AtomicInteger made = new AtomicInteger();
    HandlerFactory streaming = new HandlerFactory(StreamingChild.class, () -> {
      made.incrementAndGet();
      return new StreamingChild();
    });
    assertThat(streaming.streamsBody()).isTrue();
    assertThat(new HandlerFactory(Buffered.class, Buffered::new).streamsBody()).isFalse();
    assertThat(made).hasValue(0);
  }

  @Test
  void aFactoryRouteLearnsFromTheFirstHandlerItMakes() {
    AtomicInteger made = new AtomicInteger();
    HandlerFactory factory = new HandlerFactory(null, () -> {
      made.incrementAndGet();
      return new Streaming();
    });
    assertThat(factory.get()).isInstanceOf(Streaming.class);
    assertThat(factory.streamsBody()).isTrue();
    assertThat(made).as("learned from the handler it made for a request").hasValue(1);

    HandlerFactory untried = new HandlerFactory(null, Buffered::new);
    assertThat(untried.streamsBody()).as("made one to find out").isFalse();
  }
}
