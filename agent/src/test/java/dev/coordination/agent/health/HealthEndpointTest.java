package dev.coordination.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.agent.health.MemberFacts.Stage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

    private final AtomicReference<MemberFacts> facts =
            new AtomicReference<>(new MemberFacts(Stage.RUNNING, "locks", 3, 3, true, null));
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HealthEndpoint endpoint;

    @BeforeEach
    void start() {
        endpoint = HealthEndpoint.start("127.0.0.1", 0, facts::get);
    }

    @AfterEach
    void stop() {
        endpoint.stop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(2))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The first look is taken at once when the endpoint starts; waits for it, bounded. */
    private HttpResponse<String> awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> response = send("GET", "/health/ready");
        while (response.body().startsWith("starting: not checked yet") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            response = send("GET", "/health/ready");
        }
        return response;
    }

    @Test
    void answersReadyAndLiveWithOneLineOfText() throws Exception {
        HttpResponse<String> ready = awaitReady();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).startsWith("ready: CP subsystem of 3 serves").endsWith(" ago)\n");
        assertThat(ready.body().lines()).hasSize(1);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        HttpResponse<String> live = send("GET", "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).startsWith("live: member running");
    }

    @Test
    void headAnswersTheStatusWithoutABody() throws Exception {
        awaitReady();
        HttpResponse<String> head = send("HEAD", "/health/ready");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
        HttpResponse<String> other = send("GET", "/health");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("not found: /health (use /health/live or /health/ready)\n");
        assertThat(send("GET", "/health/ready/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/health/ready");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void refusesTheWildcardAddressAndATakenPortNamingTheSetting() {
        assertThatThrownBy(() -> HealthEndpoint.start("0.0.0.0", 0, facts::get))
                .isInstanceOf(HealthEndpointException.class)
                .hasMessageStartingWith("coordination.health-port=0 on coordination.interface=0.0.0.0")
                .hasMessageContaining("never the wildcard address");
        int taken = endpoint.port();
        assertThatThrownBy(() -> HealthEndpoint.start("127.0.0.1", taken, facts::get))
                .isInstanceOf(HealthEndpointException.class)
                .hasMessageStartingWith("coordination.health-port=" + taken)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + taken);
    }
}
