package dev.coordination.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

/** The results of one JMH run, by benchmark method name ({@code annotated}, not the class's full name). */
final class JmhScores {

    private final Map<String, RunResult> byMethod = new HashMap<>();

    private JmhScores(Collection<RunResult> results) {
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
        }
    }

    static JmhScores run(Options options) throws RunnerException {
        return new JmhScores(new Runner(options).run());
    }

    /** The primary score (the options' time unit per operation). */
    double score(String method) {
        return result(method).getPrimaryResult().getScore();
    }

    /** The median of the sampled operations ({@code Mode.SampleTime} benchmarks), in the options' time unit. */
    double median(String method) {
        return result(method).getPrimaryResult().getStatistics().getPercentile(50);
    }

    /** Bytes allocated per operation, from {@code GCProfiler}'s {@code gc.alloc.rate.norm}. */
    double allocatedBytes(String method) {
        for (Map.Entry<String, Result> secondary :
                result(method).getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        throw new IllegalStateException(
                "benchmark " + method + " has no gc.alloc.rate.norm: run it with" + " GCProfiler");
    }

    private RunResult result(String method) {
        RunResult result = byMethod.get(method);
        if (result == null) {
            throw new IllegalStateException(
                    "no result for benchmark method " + method + " (have " + byMethod.keySet() + ")");
        }
        return result;
    }
}
