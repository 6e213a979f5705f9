package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes a payload that is one number as UTF-8 text, e.g. {@code 21.5} or {@code -4e-3}, surrounding white
 * space allowed. The sample's address is the message's topic and its event time the message's arrival.
 *
 * <p>Text that is not a decimal number gives a sample of type {@code String} (refused later as not a number);
 * {@code NaN} and {@code Infinity} give non-finite numbers (refused later as not finite). An empty payload or
 * one that is not valid UTF-8 is malformed.
 */
public final class NumberPayloadDecoder implements PayloadDecoder {

    private static final long serialVersionUID = 1L;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NAN = Pattern.compile("[+-]?(?:NaN|nan)");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?:Infinity|infinity|Inf|inf)");

    @Override
    public Decoded decode(RawMessage message) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message.payload())).toString().strip();
        } catch (CharacterCodingException e) {
            return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                    + " is not UTF-8 text");
        }
        if (text.isEmpty()) {
            return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic() + " is empty");
        }
        double value;
        String type;
        if (DECIMAL.matcher(text).matches()) {
            value = Double.parseDouble(text);
            type = TYPE_NUMBER;
        } else if (NAN.matcher(text).matches()) {
            value = Double.NaN;
            type = TYPE_NUMBER;
        } else if (INFINITY.matcher(text).matches()) {
            value = text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            type = TYPE_NUMBER;
        } else {
            value = Double.NaN;
            type = "String";
        }
        return new Decoded.Samples(List.of(new RawSample(message.source(), message.topic(), value, type,
                message.receivedAt(), message.receivedAt(), 0)));
    }
}
