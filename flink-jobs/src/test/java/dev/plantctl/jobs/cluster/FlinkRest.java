package dev.plantctl.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The few calls of Flink's REST API that a user makes to run a job jar on a session cluster: upload the jar
 * ({@code POST /jars/upload}), run it ({@code POST /jars/:jarid/run}), and watch the job, its checkpoints and its
 * restarts. Every answer that is not 2xx throws, quoting the server's errors.
 */
final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param port the job manager's REST port on 127.0.0.1 */
    FlinkRest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** GET, the answer as JSON. */
    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** True when the REST endpoint answers {@code /overview}. */
    boolean answers() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/overview"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The resource ids of the registered task managers. */
    List<String> taskManagers() {
        return get("/taskmanagers").path("taskmanagers").findValuesAsText("id");
    }

    /** Uploads a jar; returns its id for {@link #run}. */
    String upload(Path jar) throws IOException {
        String boundary = "plantctl-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's main class with the arguments at the parallelism; returns the job id. */
    String run(String jarId, String entryClass, List<String> args, int parallelism) {
        String request;
        try {
            request = JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", args,
                    "parallelism", parallelism));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request))).path("jobid").asText();
    }

    /** The job's state: RUNNING, RESTARTING, FINISHED, FAILED, ... */
    String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** When the job last entered the state (e.g. RESTARTING), from the job manager's clock. */
    Instant lastEntered(String jobId, String state) {
        return Instant.ofEpochMilli(get("/jobs/" + jobId).path("timestamps").path(state).asLong());
    }

    /** Completed checkpoints of the job. */
    long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** How often the job restarted (the job manager's {@code numRestarts} metric). */
    long restarts(String jobId) {
        JsonNode metrics = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        return metrics.isArray() && !metrics.isEmpty() ? metrics.get(0).path("value").asLong() : 0;
    }

    /** The start of the stack trace of the job's latest failure, if any, for failure messages. */
    String latestFailure(String jobId) {
        String trace = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").path(0)
                .path("stacktrace").asText("");
        return trace.substring(0, Math.min(trace.length(), 4000));
    }

    /** Cancels a job. */
    void cancel(String jobId) {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Flink REST " + r.request().method() + " " + r.uri() + " answered "
                        + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Flink REST " + base, e);
        }
    }
}
