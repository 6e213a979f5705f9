package dev.plantctl.policy;

/** A write policy file that cannot be used, with the file, line and key at fault. */
public final class PolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file    the file, as messages name it
     * @param line    the 1-based line, 0 when unknown
     * @param key     the key at fault, e.g. {@code identities.greenhouse-control.setpoints[0].range}
     * @param problem what is wrong
     */
    public PolicyException(String file, int line, String key, String problem) {
        super(file + ":" + line + ": " + key + ": " + problem);
    }
}
