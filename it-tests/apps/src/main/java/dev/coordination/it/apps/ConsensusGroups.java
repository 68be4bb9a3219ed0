package dev.coordination.it.apps;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * {@code CPGROUPS}: the CP groups this JVM's member takes part in, read from the agent's MBean as
 * any JMX client would ({@code ConsensusGroups} of {@code dev.coordination:type=Locks}): {@code OK
 * default.leader=HOST:PORT default.role=follower default.term=2 ...}, one set per group.
 */
final class ConsensusGroups {

    private ConsensusGroups() {}

    static String read() throws Exception {
        Object rows = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("dev.coordination:type=Locks"), "ConsensusGroups");
        StringBuilder reply = new StringBuilder("OK");
        for (CompositeData row : (CompositeData[]) rows) {
            String name = (String) row.get("name");
            reply.append(' ')
                    .append(name)
                    .append(".leader=")
                    .append(row.get("leader"))
                    .append(' ')
                    .append(name)
                    .append(".role=")
                    .append(row.get("localRole"))
                    .append(' ')
                    .append(name)
                    .append(".term=")
                    .append(row.get("term"))
                    .append(' ')
                    .append(name)
                    .append(".commitIndex=")
                    .append(row.get("commitIndex"))
                    .append(' ')
                    .append(name)
                    .append(".snapshotIndex=")
                    .append(row.get("snapshotIndex"))
                    .append(' ')
                    .append(name)
                    .append(".logEntries=")
                    .append(row.get("logEntries"));
        }
        return reply.toString();
    }
}
