package dev.plantctl.connectors.influx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.influx.InfluxSink;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Write requests of the v1 API ({@code POST /write}, line protocol, nanosecond timestamps), one at a time. */
final class InfluxWriteRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 500;

    private final HttpClient http;
    private final URI writeUri;
    private final String authorization;
    private final InfluxSink.Settings settings;

    InfluxWriteRequests(InfluxSink.Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        StringBuilder uri = new StringBuilder(settings.url()).append("/write?precision=ns&db=")
                .append(URLEncoder.encode(settings.database(), StandardCharsets.UTF_8));
        if (settings.retentionPolicy() != null) {
            uri.append("&rp=").append(URLEncoder.encode(settings.retentionPolicy(), StandardCharsets.UTF_8));
        }
        this.writeUri = URI.create(uri.toString());
        if (settings.user() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((settings.user() + ":"
                    + settings.password().value()).getBytes(StandardCharsets.UTF_8));
        } else if (settings.token() != null) {
            authorization = "Token " + settings.token().value();
        } else {
            authorization = null;
        }
    }

    /** Sends the lines as one request; an interrupted request (the writer closes) counts as unreachable. */
    InfluxAnswer post(List<String> lines) {
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri).timeout(settings.requestTimeout())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            // The writer closes: what is not delivered goes to the spill, and the loop ends.
            Thread.currentThread().interrupt();
            return new InfluxAnswer(InfluxAnswer.Kind.UNREACHABLE, 0, "the writer closed");
        } catch (IOException e) {
            return new InfluxAnswer(InfluxAnswer.Kind.UNREACHABLE, 0, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new InfluxAnswer(InfluxAnswer.Kind.WRITTEN, status, null);
        }
        String error = errorText(response.body());
        if (status / 100 == 4 && status != 408 && status != 429) {
            return new InfluxAnswer(InfluxAnswer.Kind.REFUSED, status, error);
        }
        return new InfluxAnswer(InfluxAnswer.Kind.UNREACHABLE, status, "HTTP " + status + ": " + error);
    }

    /** The {@code error} member of InfluxDB's JSON answer, or the body as it came. */
    private static String errorText(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode error = JSON.readTree(text).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // An answer from a proxy or another server: quote it as it came.
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }
}
