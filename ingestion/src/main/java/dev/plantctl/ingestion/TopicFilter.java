package dev.plantctl.ingestion;

import java.util.Optional;

/**
 * MQTT topic filters (MQTT 3.1.1 section 4.7): {@code +} matches one topic level, {@code #} as the last level
 * matches any number of levels, including none. Stateless helpers.
 */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** True when the filter has a wildcard level. */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * What is wrong with a filter, or empty when it is a valid MQTT topic filter: not empty, {@code +} and
     * {@code #} only as whole levels, {@code #} only last.
     */
    public static Optional<String> problem(String filter) {
        if (filter.isEmpty()) {
            return Optional.of("a topic filter must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if ((level.contains("+") || level.contains("#")) && level.length() > 1) {
                return Optional.of("wildcards '+' and '#' must fill a whole level, not '" + level + "'");
            }
            if (level.equals("#") && i != levels.length - 1) {
                return Optional.of("'#' must be the last level");
            }
        }
        return Optional.empty();
    }

    /** True when a message published on the topic matches the filter. Allocates nothing. */
    public static boolean matches(String filter, String topic) {
        int fi = 0;
        int ti = 0;
        while (true) {
            int fEnd = end(filter, fi);
            if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
                return true;
            }
            int tEnd = end(topic, ti);
            boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
            if (!plus && !(fEnd - fi == tEnd - ti && filter.regionMatches(fi, topic, ti, fEnd - fi))) {
                return false;
            }
            boolean filterDone = fEnd == filter.length();
            boolean topicDone = tEnd == topic.length();
            if (filterDone || topicDone) {
                return filterDone ? topicDone : filter.length() - fEnd == 2 && filter.charAt(fEnd + 1) == '#';
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
    }

    private static int end(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    /** True when some topic would match both filters. */
    public static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i].equals("#") || y[i].equals("#")) {
                return true;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
        if (x.length == y.length) {
            return true;
        }
        String[] longer = x.length > y.length ? x : y;
        return longer.length == n + 1 && longer[n].equals("#");
    }
}
