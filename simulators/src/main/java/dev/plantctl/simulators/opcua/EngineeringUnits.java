package dev.plantctl.simulators.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * Engineering units for the EngineeringUnits property of analog items (OPC UA Part 8 EUInformation from UNECE
 * Recommendation 20 common codes), and the ones the simulators use.
 */
public final class EngineeringUnits {

    /** The namespace of UNECE unit codes in EUInformation (OPC UA Part 8, 5.6.3). */
    public static final String UNECE_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact";

    /** Degree Celsius, UNECE CEL. */
    public static final EUInformation CELSIUS = unece("CEL", "°C", "degree Celsius");
    /** Percent, UNECE P1. */
    public static final EUInformation PERCENT = unece("P1", "%", "percent");
    /** Watt per square metre, UNECE D54. */
    public static final EUInformation WATT_PER_M2 = unece("D54", "W/m²", "watt per square metre");
    /** Watt, UNECE WTT. */
    public static final EUInformation WATT = unece("WTT", "W", "watt");
    /** Millimetre, UNECE MMT. */
    public static final EUInformation MILLIMETRE = unece("MMT", "mm", "millimetre");
    /** Millimetre per second, UNECE C16. */
    public static final EUInformation MILLIMETRE_PER_SECOND = unece("C16", "mm/s", "millimetre per second");
    /** Second, UNECE SEC. */
    public static final EUInformation SECOND = unece("SEC", "s", "second");

    private EngineeringUnits() {
    }

    /**
     * EUInformation for a UNECE common code, with the unitId computed as OPC UA Part 8 prescribes: the code's
     * characters (at most 3) as bytes of an integer, first character most significant.
     *
     * @throws IllegalArgumentException when the code is empty or longer than 3 characters
     */
    public static EUInformation unece(String code, String symbol, String name) {
        if (code.isEmpty() || code.length() > 3) {
            throw new IllegalArgumentException("a UNECE common code has 1 to 3 characters: '" + code + "'");
        }
        int unitId = 0;
        for (int i = 0; i < code.length(); i++) {
            unitId = (unitId << 8) | code.charAt(i);
        }
        return new EUInformation(UNECE_NAMESPACE, unitId, LocalizedText.english(symbol), LocalizedText.english(name));
    }
}
