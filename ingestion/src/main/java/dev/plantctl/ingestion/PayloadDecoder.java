package dev.plantctl.ingestion;

import dev.plantctl.core.RawMessage;

import java.io.Serializable;

/**
 * Turns one broker message into raw samples, or into one dead letter when the payload cannot be decoded at all
 * ({@link dev.plantctl.core.DeadLetter.Reason#MALFORMED_PAYLOAD}). Never throws on bad payloads.
 *
 * <p>A decoder yields one sample per value it is asked for, whatever the value turned out to be: a value that is
 * not a number becomes a sample of value {@code NaN} whose {@code valueType} names what it was
 * ({@code String}, {@code Boolean}, {@code Null}, {@code Object}, {@code Array}, or {@value #TYPE_MISSING} when
 * the field is absent), so that validation gives it a reason of its own. Numbers carry {@value #TYPE_NUMBER}.
 * A sample's server time is the message's arrival ({@code receivedAt}).
 * Implementations are immutable and safe to share between threads.
 */
public interface PayloadDecoder extends Serializable {

    /** The {@code valueType} of a decoded number. */
    String TYPE_NUMBER = "Double";
    /** The {@code valueType} of a value whose field is absent from the payload. */
    String TYPE_MISSING = "Missing";

    /** Decodes one message. */
    Decoded decode(RawMessage message);
}
