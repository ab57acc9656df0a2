package io.squall.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketCompression;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeflateNegotiationTest {
  private static final WebSocketCompression ON = WebSocketCompression.on();
  private static final WebSocketCompression WITH_CONTEXT = ON.withContextTakeover(true);

  private static Optional<String> answer(WebSocketCompression config, String... headerValues) {
    return DeflateNegotiation.accept(Extension.parseAll(List.of(headerValues)), config).map(DeflateParameters::toHeader);
  }

  @Test
  void aBrowsersOfferGetsServerNoContextTakeoverAndTheClientKeepsItsContextByDefault() {
    assertThat(answer(ON, "permessage-deflate; client_max_window_bits")).hasValue("permessage-deflate; server_no_context_takeover");
  }

  @Test
  void clientNoContextTakeoverIsInTheAnswerOnlyWhenTheClientOfferedIt() {
    // Tornado's client ignores valueless parameters: asked for it unoffered, it would keep its context anyway.
    assertThat(answer(ON, "permessage-deflate; client_no_context_takeover"))
        .hasValue("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; client_no_context_takeover"))
        .hasValue("permessage-deflate; client_no_context_takeover");
    assertThat(answer(ON, "permessage-deflate")).hasValue("permessage-deflate; server_no_context_takeover");
  }

  @Test
  void withContextTakeoverTheAnswerKeepsContextUnlessTheClientAsksOtherwise() {
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; client_max_window_bits")).hasValue("permessage-deflate");
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; server_no_context_takeover"))
        .hasValue("permessage-deflate; server_no_context_takeover");
  }

  @Test
  void nothingIsAgreedWhenCompressionIsOffOrNotOffered() {
    assertThat(answer(WebSocketCompression.OFF, "permessage-deflate")).isEmpty();
    assertThat(answer(ON, "x-webkit-deflate-frame")).isEmpty();
    assertThat(answer(ON)).isEmpty();
  }

  @Test
  void aWindowTheJdkCannotHonourDeclinesThatOfferAndTheNextOneIsTaken() {
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; server_max_window_bits=10, permessage-deflate")).hasValue("permessage-deflate");
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; server_max_window_bits=8")).isEmpty();
    assertThat(answer(WITH_CONTEXT, "permessage-deflate; server_max_window_bits=15")).hasValue("permessage-deflate; server_max_window_bits=15");
  }

  @Test
  void invalidOffersAreDeclinedNotAnsweredWithAnError() {
    assertThat(answer(ON, "permessage-deflate; foo=1")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; server_no_context_takeover=yes")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; server_max_window_bits")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; server_max_window_bits=16")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; server_max_window_bits=010")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; client_max_window_bits=7")).isEmpty();
    assertThat(answer(ON, "permessage-deflate; a b")).isEmpty();
  }

  @Test
  void quotedValuesAndCaseAreAccepted() {
    assertThat(answer(WITH_CONTEXT, "Permessage-Deflate; Client_Max_Window_Bits=\"10\"")).hasValue("permessage-deflate");
  }

  @Test
  void extensionsSplitAcrossHeadersAndCommasAreAllConsidered() {
    assertThat(Extension.parseAll(List.of("foo; a=\"x\", permessage-deflate", "bar")))
        .extracting(Extension::name).containsExactly("foo", "permessage-deflate", "bar");
  }

  @Test
  void aCommaInsideQuotesDoesNotSplitButLeavesAnElementThatIsNotATokenUnnamed() {
    assertThat(Extension.parseAll(List.of("foo; a=\"x,y\", permessage-deflate")))
        .extracting(Extension::name).containsExactly("", "permessage-deflate");
  }

  @Test
  void theClientOffersNoWindowLimitOfItsOwn() {
    assertThat(DeflateNegotiation.offer(ON)).isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    assertThat(DeflateNegotiation.offer(WITH_CONTEXT)).isEqualTo("permessage-deflate");
  }

  @Test
  void theClientAcceptsAValidAnswerAndRefusesWhatItDidNotOffer() {
    assertThat(DeflateNegotiation.checkResponse(List.of())).isEmpty();
    assertThat(DeflateNegotiation.checkResponse(List.of("permessage-deflate; server_max_window_bits=10; server_no_context_takeover")))
        .hasValue(new DeflateParameters(true, false, 10, 0));
    assertThatThrownBy(() -> DeflateNegotiation.checkResponse(List.of("permessage-deflate; client_max_window_bits=10")))
        .hasMessage("Invalid permessage-deflate response: permessage-deflate; client_max_window_bits=10");
    assertThatThrownBy(() -> DeflateNegotiation.checkResponse(List.of("x-other")))
        .hasMessage("Server selected extensions that were not offered: x-other");
    assertThatThrownBy(() -> DeflateNegotiation.checkResponse(List.of("permessage-deflate, permessage-deflate")))
        .hasMessageStartingWith("Server selected extensions that were not offered");
  }
}
