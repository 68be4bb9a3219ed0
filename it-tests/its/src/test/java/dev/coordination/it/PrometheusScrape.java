package dev.coordination.it;

import dev.coordination.support.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus JMX exporter (the real {@code jmx_prometheus_javaagent} jar, copied from Maven
 * Central by the build) in a JVM of a test, with the rules of {@code docs/metrics/jmx-exporter.yaml},
 * and what one scrape of its {@code /metrics} on 127.0.0.1 said: samples by name and labels.
 */
final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    final String text;
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
    }

    /**
     * A free port for the exporter, above the range of {@link Ports#freeBlock} (41000-59000), so it
     * never falls inside a cluster's block chosen after it.
     */
    static int freePort() throws IOException {
        return FreePorts.block(1, 59000, 60000);
    }

    /** The JVM option that starts the exporter on {@code 127.0.0.1:port} with the docs' rules. */
    static String javaagent(int port) {
        Path jar = Path.of(System.getProperty("it.jmx-exporter.jar"));
        Path config = Path.of(System.getProperty("it.jmx-exporter.config"));
        return "-javaagent:" + jar.toAbsolutePath() + "=127.0.0.1:" + port + ":" + config.toAbsolutePath();
    }

    /** One scrape of {@code http://127.0.0.1:port/metrics}, retried while the exporter is not listening yet. */
    static PrometheusScrape of(int port, long seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(seconds))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
                }
                return new PrometheusScrape(response.body());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no exporter on 127.0.0.1:" + port + " within " + seconds + " s", e);
                }
                Thread.sleep(50); // the JVM is still starting: poll its port
            }
        }
    }

    /** Scrapes until {@code name} has a sample with {@code labels}, bounded (the MBeans register in the background). */
    static PrometheusScrape awaitSample(int port, String name, Map<String, String> labels, long seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            PrometheusScrape scrape = of(port, seconds);
            if (scrape.find(name, labels) != null) {
                return scrape;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no sample " + name + labels + " within " + seconds + " s; scraped:\n"
                        + scrape.lines("coordination_"));
            }
            Thread.sleep(50);
        }
    }

    /** The value of the sample of {@code name} whose labels include {@code labels}; fails naming what there is. */
    double value(String name, Map<String, String> labels) {
        Sample sample = find(name, labels);
        if (sample == null) {
            throw new AssertionError("no sample " + name + labels + "; scraped:\n" + lines("coordination_"));
        }
        return sample.value;
    }

    /** As {@link #value}, 0 when there is no such sample (a method whose class has not loaded yet). */
    double valueOrZero(String name, Map<String, String> labels) {
        Sample sample = find(name, labels);
        return sample == null ? 0 : sample.value;
    }

    private Sample find(String name, Map<String, String> labels) {
        for (Sample sample : samples) {
            if (sample.name.equals(name) && sample.labels.entrySet().containsAll(labels.entrySet())) {
                return sample;
            }
        }
        return null;
    }

    /** The lines of the scrape that start with {@code prefix}. */
    String lines(String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private record Sample(String name, Map<String, String> labels, double value) {}
}
