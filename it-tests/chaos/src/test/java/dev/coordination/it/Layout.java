package dev.coordination.it;

import java.util.List;
import java.util.Map;

/**
 * Where a topology's processes live, as the schedule needs to know it before anything starts: the
 * lab's hosts, the quorum hosts (CP members, ZooKeeper servers) whose majority keeps locks safe,
 * the hosts of application JVMs (which run workers), the hosts the nemesis may cut apart, and the
 * fault kinds it draws with their weights.
 */
record Layout(
        String backend,
        int hosts,
        List<Integer> quorum,
        List<Integer> apps,
        List<Integer> partitionable,
        Map<FaultKind, Integer> weights,
        long sessionTtlMillis) {

    boolean isQuorum(int host) {
        return quorum.contains(host);
    }

    /** Application hosts that are not quorum hosts: clients, or the JVMs beside a ZooKeeper ensemble. */
    List<Integer> appsOnly() {
        return apps.stream().filter(host -> !quorum.contains(host)).toList();
    }

    int majority() {
        return quorum.size() / 2 + 1;
    }
}
