package dev.coordination.samples.boot;

/** One locked step, implemented by a class that exists only at run time ({@link GeneratedSteps}). */
public interface CounterStep {

    void add(String key);
}
