package dev.plantctl.core;

/** How far a reading can be trusted, after validation. */
public enum Quality {
    /** Validated and within its physical range. */
    GOOD,
    /** Usable with care: the source said Uncertain, or the value was repaired. */
    UNCERTAIN
}
