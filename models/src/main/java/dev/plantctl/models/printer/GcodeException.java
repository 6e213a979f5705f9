package dev.plantctl.models.printer;

import java.util.Objects;

/** A G-code script that a printer does not run, with the reason as a {@link Kind} and a message. */
public final class GcodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a script was not run. */
    public enum Kind {
        /** A command the printer does not know (or does not honour live). */
        UNKNOWN_COMMAND,
        /** A known command with missing, unknown or unparsable parameters, or an empty script. */
        MALFORMED,
        /** A parameter outside its documented range. */
        OUT_OF_RANGE,
        /** A valid command that the printer refuses in live mode (M109 blocks the print queue). */
        REFUSED,
        /** The printer cannot take commands now (it has shut down after M112 or a thermal fault). */
        NOT_READY
    }

    private final Kind kind;

    /**
     * @param kind    why the script was not run
     * @param message what an operator reads, naming the command and the rule
     */
    public GcodeException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the script was not run. */
    public Kind kind() {
        return kind;
    }
}
