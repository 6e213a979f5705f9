package dev.plantctl.connectors.mqtt;

/** Checks MQTT topic names and topic filters against the rules of MQTT 5 (section 4.7). */
public final class MqttTopics {

    private static final int MAX_LENGTH = 65_535;

    private MqttTopics() {
    }

    /**
     * Checks a topic filter: not empty, {@code #} only as the whole last level, {@code +} only as a whole level,
     * no NUL character, and no {@code $share/} prefix (a connector makes shared subscriptions itself).
     *
     * @throws IllegalArgumentException quoting the filter and saying what is wrong
     */
    public static void checkFilter(String connector, String filter) {
        String problem = filterProblem(filter);
        if (problem != null) {
            throw new IllegalArgumentException(connector + ": topic filter '" + filter + "' is malformed: " + problem);
        }
    }

    /**
     * Checks a topic name to publish on: not empty, no wildcard, no NUL character.
     *
     * @throws IllegalArgumentException quoting the topic and saying what is wrong
     */
    public static void checkTopic(String connector, String topic) {
        String problem = null;
        if (topic == null || topic.isEmpty()) {
            problem = "it is empty";
        } else if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            problem = "a topic name to publish on has no wildcards";
        } else if (topic.indexOf('\0') >= 0) {
            problem = "it contains a NUL character";
        } else if (topic.length() > MAX_LENGTH) {
            problem = "it is longer than " + MAX_LENGTH + " characters";
        }
        if (problem != null) {
            throw new IllegalArgumentException(connector + ": topic '" + topic + "' is malformed: " + problem);
        }
    }

    private static String filterProblem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "it is empty";
        }
        if (filter.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (filter.indexOf('\0') >= 0) {
            return "it contains a NUL character";
        }
        if (filter.startsWith("$share/")) {
            return "shared subscriptions are made by the connector: give the plain filter and a shared group";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be the whole last level";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
            }
        }
        return null;
    }
}
