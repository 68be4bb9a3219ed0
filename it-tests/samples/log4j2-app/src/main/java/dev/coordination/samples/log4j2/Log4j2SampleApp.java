package dev.coordination.samples.log4j2;

import dev.coordination.Synchronized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain application on SLF4J 1.7 bound to Log4j 2. Like many, it configures Log4j 2 in {@code
 * main}, by a system property, before its first logger: an agent that initialised the application's
 * logging in {@code premain} would have fixed Log4j 2's defaults before this line. It calls a locked
 * method three times and exits; Log4j2AppIT reads its output.
 */
public final class Log4j2SampleApp {

    private int count;

    public static void main(String[] args) {
        System.setProperty("log4j2.configurationFile", "sample-log4j2.xml");
        Logger log = LoggerFactory.getLogger(Log4j2SampleApp.class);
        log.info("sample ready");
        Log4j2SampleApp app = new Log4j2SampleApp();
        for (int i = 0; i < 3; i++) {
            app.add("counter");
        }
        log.info("sample done: count={}", app.count);
    }

    @Synchronized("log4j2-{name}")
    void add(String name) {
        count++;
    }
}
