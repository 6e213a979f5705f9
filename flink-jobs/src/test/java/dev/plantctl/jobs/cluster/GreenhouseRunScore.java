package dev.plantctl.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.core.Explanation;
import dev.plantctl.simulators.greenhouse.AppliedSetpoint;
import dev.plantctl.testing.InfluxServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The score of one greenhouse run, by sequence numbers: the plant publishes step {@code k} at
 * {@code start + k * period}, so each reading's time is its sequence number, and so is each decision's. Readings and
 * decided setpoints are read back from the job's telemetry in InfluxDB; the bounded job controls
 * {@code [start, end)} (its source ends at the end time without emitting it).
 *
 * @param readingsExpected   compartments x tags x steps published
 * @param readingsMissing    (unit, tag, step) published by the plant but not in InfluxDB
 * @param readingsDuplicated (unit, tag, step) stored more than once in InfluxDB (in more than one series)
 * @param decisionsMissing   (unit, step) without decided setpoints in InfluxDB
 * @param setpointsApplied   writes the plant applied
 * @param expiredApplied     applied values that the decisions on record that could govern the write (made at most
 *                           one period before it) did not ask for, but an older decision, expired by then, did
 * @param unrecordedApplied  applied values whose governing decisions are not on record: decided and written after
 *                           the last checkpoint before a failure, whose records (telemetry, explanations) were lost
 *                           with the failed task's buffers; their expiry cannot be checked
 * @param longestControlGap  the longest wall time between two applied setpoints
 * @param missingExamples    up to ten missing readings, for failure messages
 * @param expiredExamples    up to ten expired applied values, for failure messages
 * @param stepsWithMissing   the plant steps (0 = start) of which some reading is missing
 */
record GreenhouseRunScore(long readingsExpected, long readingsMissing, long readingsDuplicated, long decisionsMissing,
                          long setpointsApplied, long expiredApplied, long unrecordedApplied,
                          Duration longestControlGap, List<String> missingExamples, List<String> expiredExamples,
                          Set<Long> stepsWithMissing) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Scores a run.
     *
     * @param influx       the database server the job wrote its telemetry to
     * @param database     its database
     * @param units        the compartments
     * @param tags         the sensor tags of each compartment
     * @param start        the plant's first published step
     * @param end          the plant's last published step
     * @param period       the step
     * @param explanations the job's explanations file, the second record of decisions beside InfluxDB (a decision
     *                     made twice, before a failure and after the restore, may differ; InfluxDB keeps the last)
     * @param applied      the plant's record of applied writes
     */
    static GreenhouseRunScore of(InfluxServer influx, String database, List<String> units, Set<String> tags,
                                 Instant start, Instant end, Duration period, Path explanations,
                                 List<AppliedSetpoint> applied) throws IOException {
        Map<String, Integer> stored = countPerTime(influx, database,
                "SELECT \"value\" FROM \"reading\" WHERE \"plant\" = 'greenhouse' GROUP BY \"unit\", \"tag\", \"quality\"",
                "tag");
        long steps = Duration.between(start, end).dividedBy(period);
        long missing = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        Set<Long> stepsWithMissing = new TreeSet<>();
        for (String unit : units) {
            for (String tag : tags) {
                for (long k = 0; k < steps; k++) {
                    int n = stored.getOrDefault(unit + "/" + tag + "/" + start.plus(period.multipliedBy(k)), 0);
                    if (n == 0) {
                        missing++;
                        stepsWithMissing.add(k);
                        if (examples.size() < 10) {
                            examples.add(unit + "/" + tag + "#" + k);
                        }
                    } else if (n > 1) {
                        duplicated++;
                    }
                }
            }
        }

        Map<String, Map<Instant, Map<String, Double>>> influxDecisions = setpoints(influx, database);
        long decisionsMissing = 0;
        for (String unit : units) {
            for (long k = 0; k < steps; k++) {
                if (!influxDecisions.getOrDefault(unit, Map.of()).containsKey(start.plus(period.multipliedBy(k)))) {
                    decisionsMissing++;
                }
            }
        }
        Map<String, List<Decided>> decided = new HashMap<>();
        influxDecisions.forEach((unit, byTime) -> byTime.forEach((time, values) -> values.forEach((a, v) ->
                decided.computeIfAbsent(unit, u -> new ArrayList<>()).add(new Decided(time, a, v)))));
        for (String line : Files.readAllLines(explanations)) {
            Explanation e = ExplanationJson.parse(line);
            e.setpoints().forEach((a, v) ->
                    decided.computeIfAbsent(e.unitId(), u -> new ArrayList<>()).add(new Decided(e.time(), a, v)));
        }

        long expired = 0;
        List<String> expiredExamples = new ArrayList<>();
        long unrecorded = 0;
        Duration longestGap = Duration.ZERO;
        Instant previous = null;
        for (AppliedSetpoint a : applied) {
            switch (check(decided.getOrDefault(a.compartment(), List.of()), a, period)) {
                case EXPIRED -> {
                    expired++;
                    if (expiredExamples.size() < 10) {
                        expiredExamples.add(a.compartment() + "/" + a.actuator() + "=" + a.value() + " at "
                                + a.simulatedTime() + " (wall " + a.wallTime() + ")");
                    }
                }
                case UNRECORDED -> unrecorded++;
                case IN_TIME -> { }
            }
            if (previous != null && Duration.between(previous, a.wallTime()).compareTo(longestGap) > 0) {
                longestGap = Duration.between(previous, a.wallTime());
            }
            previous = a.wallTime();
        }
        return new GreenhouseRunScore(units.size() * tags.size() * steps, missing, duplicated, decisionsMissing,
                applied.size(), expired, unrecorded, longestGap, examples, expiredExamples, stepsWithMissing);
    }

    /** One decided value of one actuator. */
    private record Decided(Instant time, String actuator, double value) {
    }

    private enum Verdict { IN_TIME, EXPIRED, UNRECORDED }

    /**
     * Judges a write by the decisions of its compartment that could govern it, those made at most one period before
     * the plant's time of the write: IN_TIME when one of them set the actuator to exactly the applied value;
     * UNRECORDED when none of them is on record (their telemetry and explanations were lost with a failed task, so
     * the write cannot be judged); EXPIRED when they are on record, none set that value, and an older decision did.
     */
    private static Verdict check(List<Decided> unitDecisions, AppliedSetpoint a, Duration period) {
        boolean governingOnRecord = false;
        boolean olderMatch = false;
        for (Decided d : unitDecisions) {
            if (!d.actuator().equals(a.actuator()) || d.time().isAfter(a.simulatedTime())) {
                continue;
            }
            boolean governing = !a.simulatedTime().isAfter(d.time().plus(period));
            if (governing && d.value() == a.value()) {
                return Verdict.IN_TIME;
            }
            governingOnRecord |= governing;
            olderMatch |= !governing && d.value() == a.value();
        }
        return governingOnRecord && olderMatch ? Verdict.EXPIRED : Verdict.UNRECORDED;
    }

    /** The decided setpoints in InfluxDB: unit, decision time, actuator, value. */
    private static Map<String, Map<Instant, Map<String, Double>>> setpoints(InfluxServer influx, String database)
            throws IOException {
        Map<String, Map<Instant, Map<String, Double>>> decisions = new HashMap<>();
        for (JsonNode series : series(influx, database,
                "SELECT \"value\" FROM \"setpoint\" WHERE \"plant\" = 'greenhouse' GROUP BY \"unit\", \"actuator\"")) {
            String unit = series.path("tags").path("unit").asText();
            String actuator = series.path("tags").path("actuator").asText();
            for (JsonNode row : series.path("values")) {
                decisions.computeIfAbsent(unit, u -> new HashMap<>())
                        .computeIfAbsent(Instant.parse(row.get(0).asText()), t -> new HashMap<>())
                        .put(actuator, row.get(1).asDouble());
            }
        }
        return decisions;
    }

    /** How many series hold each (unit, tag, time). */
    private static Map<String, Integer> countPerTime(InfluxServer influx, String database, String query,
                                                     String tagKey) throws IOException {
        Map<String, Integer> stored = new HashMap<>();
        for (JsonNode series : series(influx, database, query)) {
            String key = series.path("tags").path("unit").asText() + "/" + series.path("tags").path(tagKey).asText();
            for (JsonNode row : series.path("values")) {
                stored.merge(key + "/" + Instant.parse(row.get(0).asText()), 1, Integer::sum);
            }
        }
        return stored;
    }

    private static List<JsonNode> series(InfluxServer influx, String database, String query) throws IOException {
        JsonNode answer = JSON.readTree(influx.query(database, query));
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            if (result.has("error")) {
                throw new IllegalStateException("InfluxDB: " + result.path("error").asText() + " for " + query);
            }
            result.path("series").forEach(all::add);
        }
        return all;
    }

    /** One line for logs and BENCHMARKS.md. */
    String summary() {
        return String.format("readings %d expected, %d missing, %d duplicated; decisions missing %d; setpoints applied"
                        + " %d, expired applied %d, applied without a decision on record %d; longest wall time without"
                        + " an applied setpoint %.1f s%s",
                readingsExpected, readingsMissing, readingsDuplicated, decisionsMissing, setpointsApplied,
                expiredApplied, unrecordedApplied, longestControlGap.toMillis() / 1000.0,
                missingExamples.isEmpty() ? "" : "; missing e.g. " + new TreeSet<>(missingExamples))
                + (expiredExamples.isEmpty() ? "" : "; expired applied e.g. " + expiredExamples);
    }
}
