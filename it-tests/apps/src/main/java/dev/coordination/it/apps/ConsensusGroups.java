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

    /** Each reply key and the MBean column it comes from. */
    private static final String[][] COLUMNS = {
        {"leader", "leader"},
        {"role", "localRole"},
        {"term", "term"},
        {"commitIndex", "commitIndex"},
        {"snapshotIndex", "snapshotIndex"},
        {"logEntries", "logEntries"}
    };

    private ConsensusGroups() {}

    static String read() throws Exception {
        Object rows = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("dev.coordination:type=Locks"), "ConsensusGroups");
        StringBuilder reply = new StringBuilder("OK");
        for (CompositeData row : (CompositeData[]) rows) {
            String name = (String) row.get("name");
            for (String[] column : COLUMNS) {
                reply.append(' ')
                        .append(name)
                        .append('.')
                        .append(column[0])
                        .append('=')
                        .append(row.get(column[1]));
            }
        }
        return reply.toString();
    }
}
