package dev.plantctl.ml.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** PEM text (RFC 7468) of Ed25519 keys, and the JDK's Ed25519 verification. */
final class Pem {

    /** The JDK's name of the signature algorithm and key type. */
    static final String ALGORITHM = "Ed25519";
    /** The PEM label of an X.509 public key. */
    static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Pem() {
    }

    /** One PEM block, 64 characters a line. */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER bytes of the block with the given label in a PEM file.
     *
     * @throws IllegalArgumentException when the file is missing or has no well-formed block of that label
     */
    static byte[] decode(Path file, String label) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such key file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + file, e);
        }
        return decode(text, label, file.toString());
    }

    /**
     * The DER bytes of the block with the given label in PEM text.
     *
     * @param where names the text in messages
     * @throws IllegalArgumentException when the text has no well-formed block of that label
     */
    static byte[] decode(String text, String label, String where) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException(where + ": no PEM block '" + begin + "' … '" + end + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the " + label + " block is not Base64: " + e.getMessage(), e);
        }
    }

    /** Whether the signature is the key's Ed25519 signature of the message. */
    static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot verify Ed25519 signatures", e);
        }
    }
}
