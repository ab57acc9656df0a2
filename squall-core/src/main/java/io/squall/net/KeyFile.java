package io.squall.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The private key of a PEM file, in each form that {@code openssl}, certbot and certificate
 * authorities write: PKCS #8 ({@code PRIVATE KEY}), encrypted PKCS #8 ({@code ENCRYPTED PRIVATE
 * KEY}), PKCS #1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}); the last two are
 * wrapped in PKCS #8 for the JDK's {@link KeyFactory}, as {@code openssl pkcs8 -topk8} would.
 * Stateless.
 */
final class KeyFile {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  /** Key algorithms a PKCS #8 key may hold; tried in turn, since the file does not name it in text. */
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
  /** PrivateKeyInfo's version (RFC 5208 §5). */
  private static final DerValue VERSION_0 = DerValue.of(DerValue.TAG_INTEGER, new byte[] {0});
  /** rsaEncryption, 1.2.840.113549.1.1.1, with NULL parameters (RFC 8017 Appendix C). */
  private static final DerValue RSA_ENCRYPTION = DerValue.sequence(
      DerValue.of(DerValue.TAG_OBJECT_IDENTIFIER, HexFormat.of().parseHex("2a864886f70d010101")),
      DerValue.of(DerValue.TAG_NULL, new byte[0]));
  /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1); the curve follows it. */
  private static final DerValue EC_PUBLIC_KEY = DerValue.of(DerValue.TAG_OBJECT_IDENTIFIER, HexFormat.of().parseHex("2a8648ce3d0201"));

  private KeyFile() {}

  /**
   * The private key in {@code file}: the first PEM block whose label ends in {@code PRIVATE KEY};
   * others ({@code EC PARAMETERS}, certificates) are skipped.
   *
   * @param password decrypts an {@code ENCRYPTED PRIVATE KEY}; null if there is none. Not kept.
   */
  static PrivateKey read(Path file, char[] password) {
    String text = new String(PemFiles.read(file), StandardCharsets.US_ASCII);
    for (int at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + 1)) {
      int labelEnd = text.indexOf(DASHES, at + BEGIN.length());
      String label = labelEnd < 0 ? "" : text.substring(at + BEGIN.length(), labelEnd);
      if (!label.endsWith("PRIVATE KEY") || label.contains("\n")) {
        continue;
      }
      String end = "-----END " + label + DASHES;
      int stop = text.indexOf(end, labelEnd);
      if (stop < 0) {
        throw new IllegalArgumentException("The private key in " + file + " has no " + end + " line.");
      }
      return key(file, label, text.substring(labelEnd + DASHES.length(), stop), password);
    }
    throw new IllegalArgumentException("No private key in " + file + " (expected -----BEGIN PRIVATE KEY----- or its RSA, EC or ENCRYPTED form).");
  }

  private static PrivateKey key(Path file, String label, String body, char[] password) {
    if (body.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new IllegalArgumentException("The private key in " + file + " is encrypted the old OpenSSL way; convert it to "
          + "encrypted PKCS #8: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The private key in " + file + " is not valid base64.", e);
    }
    try {
      return switch (label) {
        case "PRIVATE KEY" -> pkcs8(file, DerValue.parse(der));
        case "ENCRYPTED PRIVATE KEY" -> pkcs8(file, decrypt(file, der, password));
        case "RSA PRIVATE KEY" -> rsa(file, DerValue.parse(der));
        case "EC PRIVATE KEY" -> ec(file, DerValue.parse(der));
        default -> throw new IllegalArgumentException("The key in " + file + " is labelled " + label
            + "; Squall reads PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY.");
      };
    } catch (DerValue.MalformedException e) {
      throw new IllegalArgumentException("Malformed DER in key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey pkcs8(Path file, DerValue privateKeyInfo) {
    byte[] der = privateKeyInfo.encoded();
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryTheNext) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException("The private key in " + file + " is not an RSA, EC or EdDSA key this JDK can read.");
  }

  /** A PKCS #1 RSAPrivateKey (RFC 8017 Appendix A.1.2) in a PrivateKeyInfo. */
  private static PrivateKey rsa(Path file, DerValue rsaPrivateKey) {
    return generate(file, "RSA", DerValue.sequence(VERSION_0, RSA_ENCRYPTION, octetString(rsaPrivateKey)));
  }

  /**
   * A SEC1 ECPrivateKey (RFC 5915 §3) in a PrivateKeyInfo: its named curve moves to the
   * AlgorithmIdentifier and leaves the key, as in what {@code openssl pkcs8 -topk8} writes.
   */
  private static PrivateKey ec(Path file, DerValue ecPrivateKey) throws DerValue.MalformedException {
    List<DerValue> fields = ecPrivateKey.tag() == DerValue.TAG_SEQUENCE ? ecPrivateKey.elements() : List.of();
    if (fields.size() < 2 || !fields.get(0).isSmallInteger(1) || fields.get(1).tag() != DerValue.TAG_OCTET_STRING) {
      throw new DerValue.MalformedException("an EC PRIVATE KEY is a SEQUENCE of version 1 and an OCTET STRING.");
    }
    DerValue curve = null;
    List<DerValue> withoutCurve = new ArrayList<>();
    for (DerValue field : fields) {
      if (field.tag() == DerValue.TAG_CONTEXT_0) {
        List<DerValue> parameters = field.elements();
        curve = parameters.size() == 1 ? parameters.get(0) : null;
      } else {
        withoutCurve.add(field);
      }
    }
    if (curve == null || curve.tag() != DerValue.TAG_OBJECT_IDENTIFIER) {
      throw new IllegalArgumentException("The EC key in " + file + (curve == null ? " does not name its curve" : " has explicit curve parameters")
          + "; name it: openssl ec -in " + file + " -param_enc named_curve -out key.pem");
    }
    DerValue algorithm = DerValue.sequence(EC_PUBLIC_KEY, curve);
    return generate(file, "EC", DerValue.sequence(VERSION_0, algorithm, octetString(DerValue.sequence(withoutCurve))));
  }

  private static DerValue octetString(DerValue value) {
    return DerValue.of(DerValue.TAG_OCTET_STRING, value.encoded());
  }

  private static PrivateKey generate(Path file, String algorithm, DerValue privateKeyInfo) {
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo.encoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("The " + algorithm + " key in " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The PrivateKeyInfo inside an EncryptedPrivateKeyInfo (RFC 5208 §6), with the PBES1 or PBES2 scheme it names. */
  private static DerValue decrypt(Path file, byte[] encryptedPrivateKeyInfo, char[] password) throws DerValue.MalformedException {
    if (password == null) {
      throw new IllegalArgumentException("The private key in " + file + " is encrypted and needs a password (or decrypt it: openssl pkey -in "
          + file + " -out key.pem).");
    }
    DerValue.parse(encryptedPrivateKeyInfo); // malformed DER is said so, as for the other forms
    EncryptedPrivateKeyInfo info;
    Cipher cipher;
    PBEKeySpec secret = new PBEKeySpec(password);
    try {
      info = new EncryptedPrivateKeyInfo(encryptedPrivateKeyInfo);
      String algorithm = cipherName(info);
      cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(secret), info.getAlgParameters());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("The private key in " + file + " is encrypted in a way this JDK cannot decrypt (" + e.getMessage()
          + "); re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out key.pem", e);
    } finally {
      secret.clearPassword();
    }
    try {
      return DerValue.parse(info.getKeySpec(cipher).getEncoded());
    } catch (GeneralSecurityException | DerValue.MalformedException e) {
      // a wrong password gives bad padding, or by chance good padding around bytes that are no key
      throw new IllegalArgumentException("The password for the private key in " + file + " is wrong.", e);
    }
  }

  /**
   * The name that {@link Cipher} and {@link SecretKeyFactory} know the scheme by. For PBES2 some
   * JDKs (17, for one) name only the scheme ("PBES2" or its OID) and its parameters name the PRF
   * and cipher ("PBEWithHmacSHA256AndAES_256"); Netty's {@code SslContext} reads them the same way.
   */
  private static String cipherName(EncryptedPrivateKeyInfo info) {
    String name = info.getAlgName();
    AlgorithmParameters parameters = info.getAlgParameters();
    boolean pbes2 = name.equals("PBES2") || name.equals("1.2.840.113549.1.5.13");
    return pbes2 && parameters != null ? parameters.toString() : name;
  }
}
