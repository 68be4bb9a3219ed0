package dev.coordination.agent.jmx;

import java.util.List;
import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The object names of the scrapeable MBeans, kept stable because scrape configurations match them:
 * {@code dev.coordination:type=LockSite,template="...",method="..."} (the key properties in this
 * order, values always quoted, since templates and method labels hold {@code {}}, {@code ,},
 * {@code =}), {@code dev.coordination:type=CpGroup,group=<name>} and {@code
 * dev.coordination:type=CpSubsystem}. Lives in the agent jar's loader.
 */
final class MetricNames {

    static final String DOMAIN = "dev.coordination";
    static final String CP_SUBSYSTEM = DOMAIN + ":type=CpSubsystem";
    /** The template label of {@code Coordination.getLock}, whose names are not templates. */
    static final String FACADE = LocksView.FACADE;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");

    private MetricNames() {}

    /** How a method's templates show as one label: as written, joined with {@code ", "}. */
    static String templateLabel(List<String> templates) {
        return String.join(", ", templates);
    }

    static ObjectName lockSite(String template, String method) {
        return name(DOMAIN + ":type=LockSite,template=" + ObjectName.quote(template) + ",method="
                + ObjectName.quote(method));
    }

    /** Group names are plain words in practice; any other is quoted. */
    static ObjectName cpGroup(String group) {
        return name(
                DOMAIN + ":type=CpGroup,group=" + (PLAIN.matcher(group).matches() ? group : ObjectName.quote(group)));
    }

    static ObjectName cpSubsystem() {
        return name(CP_SUBSYSTEM);
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an object name: " + text, e); // values are quoted: never
        }
    }
}
