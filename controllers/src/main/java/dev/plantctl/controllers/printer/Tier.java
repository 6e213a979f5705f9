package dev.plantctl.controllers.printer;

/** How far a printer decision goes, in escalating order. */
public enum Tier {
    /** Nothing to do. */
    NONE,
    /** Tell the operator; change nothing. */
    NOTIFY,
    /** A bounded automatic adjustment (G-code sent to the printer). */
    AUTO_ADJUST,
    /** The operator has to decide; nothing is changed automatically. */
    ASK_OPERATOR,
    /** Pause the print (it can be resumed); never a cancel. */
    PAUSE;

    /** The lower-case name explanations use, e.g. {@code auto_adjust}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
