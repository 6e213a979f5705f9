package dev.plantctl.policy;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One G-code command an identity may send, with its parameters. A command not in the identity's rules, or a
 * parameter not in its command's rule, is refused: the gate passes nothing it was not told to.
 *
 * @param command    the command word, e.g. {@code M221}, {@code SET_GCODE_OFFSET}, {@code PAUSE}
 * @param parameters the allowed parameters by name
 * @param approval   true when the command is never sent without an operator's approval
 * @param where      {@code file:line} of the rule
 */
public record GcodeRule(String command, Map<String, ParameterRule> parameters, boolean approval, String where)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public GcodeRule {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(where, "where");
        parameters = Map.copyOf(parameters);
    }
}
