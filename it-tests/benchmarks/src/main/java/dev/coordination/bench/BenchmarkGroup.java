package dev.coordination.bench;

import java.util.List;

/**
 * One part of the benchmark table: runs its benchmarks, each next to the baseline measured in the
 * same run, and returns the rows it adds. Listed in {@link BenchmarkTable#GROUPS}.
 */
interface BenchmarkGroup {

    /** Short name for {@code -Dbench.groups=} ({@code overhead}, {@code render}, ...). */
    String name();

    List<BenchRow> run(BenchContext context) throws Exception;
}
