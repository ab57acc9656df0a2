package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerValueTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void readsASequenceInTheShortLengthFormAndWritesItBackTheSame() throws Exception {
    byte[] der = HEX.parseHex("3006" + "020101" + "040100"); // SEQUENCE { INTEGER 1, OCTET STRING 00 }
    DerValue sequence = DerValue.parse(der);
    assertThat(sequence.tag()).isEqualTo(DerValue.TAG_SEQUENCE);
    List<DerValue> elements = sequence.elements();
    assertThat(elements).hasSize(2);
    assertThat(elements.get(0).isSmallInteger(1)).isTrue();
    assertThat(elements.get(1).tag()).isEqualTo(DerValue.TAG_OCTET_STRING);
    assertThat(sequence.encoded()).isEqualTo(der);
    assertThat(DerValue.sequence(elements).encoded()).isEqualTo(der);
  }

  @Test
  void writesLengthsFrom128InTheLongFormWithTheFewestBytes() {
    assertThat(HEX.formatHex(DerValue.of(DerValue.TAG_OCTET_STRING, new byte[127]).encoded())).startsWith("047f00");
    assertThat(HEX.formatHex(DerValue.of(DerValue.TAG_OCTET_STRING, new byte[128]).encoded())).startsWith("04818000");
    assertThat(HEX.formatHex(DerValue.of(DerValue.TAG_OCTET_STRING, new byte[255]).encoded())).startsWith("0481ff00");
    assertThat(HEX.formatHex(DerValue.of(DerValue.TAG_OCTET_STRING, new byte[300]).encoded())).startsWith("0482012c00");
    assertThat(HEX.formatHex(DerValue.of(DerValue.TAG_OCTET_STRING, new byte[70_000]).encoded())).startsWith("048301117000");
  }

  @Test
  void readsLongFormLengths() throws Exception {
    for (int length : new int[] {128, 300, 70_000}) {
      byte[] der = DerValue.of(DerValue.TAG_OCTET_STRING, new byte[length]).encoded();
      assertThat(DerValue.parse(der).encoded()).isEqualTo(der);
    }
    // a long form that a short one could hold: BER, yet every DER reader takes it
    assertThat(DerValue.parse(HEX.parseHex("04810100")).encoded()).isEqualTo(HEX.parseHex("040100"));
  }

  @Test
  void saysWhereInputIsMalformed() {
    assertMalformed("", "nothing at byte 0, where a value should start.");
    assertMalformed("30", "tag 0x30 at byte 0 has no length.");
    assertMalformed("300502", "tag 0x30 at byte 0 has 5 bytes of contents, 1 left.");
    assertMalformed("3082ff", "tag 0x30 at byte 0 has a 2-byte length, 1 left.");
    assertMalformed("30850000000001", "tag 0x30 at byte 0 has a 5-byte length (at most 4).");
    assertMalformed("30800000", "tag 0x30 at byte 0 has an indefinite length (BER, not DER).");
    assertMalformed("1f0100", "multi-byte tag 0x1F at byte 0.");
    assertMalformed("050000", "the value ends at byte 2 of 3.");
  }

  @Test
  void saysWhereTheElementsOfASequenceAreMalformed() throws Exception {
    DerValue sequence = DerValue.parse(HEX.parseHex("3003" + "0205ff")); // an INTEGER of 5 bytes with 1 there
    assertThatThrownBy(sequence::elements).isInstanceOf(DerValue.MalformedException.class)
        .hasMessage("tag 0x02 at byte 0 has 5 bytes of contents, 1 left.");
  }

  private static void assertMalformed(String hex, String message) {
    assertThatThrownBy(() -> DerValue.parse(HEX.parseHex(hex))).as(hex)
        .isInstanceOf(DerValue.MalformedException.class).hasMessage(message);
  }
}
