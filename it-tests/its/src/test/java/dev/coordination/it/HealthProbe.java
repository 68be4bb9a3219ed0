package dev.coordination.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP GET on a dedicated member's health endpoint ({@code coordination.health-port}) on
 * 127.0.0.1, as a kubelet's probe makes it: status and one-line body, or status {@code -1} while
 * nothing listens yet.
 */
final class HealthProbe {

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    record Answer(int status, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private HealthProbe() {}

    static Answer get(int port, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().trim());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }
}
