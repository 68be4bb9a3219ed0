package dev.coordination.it;

import org.junit.jupiter.api.Test;

/**
 * {@link FrozenWaiter} on Hazelcast: three embedded CP members (session TTL 4 s) and a client-mode
 * JVM as the waiter that is stopped, so that stopping it never stops a Raft leader. The same check
 * runs on ZooKeeper in {@code ZooKeeperIT}.
 */
class FrozenWaiterIT {

    @Test
    void aWaiterStoppedPastItsSessionWhileItsLockIsGrantedWaitsItsTurnAgain() throws Exception {
        try (ScenarioCluster members =
                        ScenarioCluster.start("frozenwaiter", 3, "cp-member-count=3,session-ttl=4,heartbeat=1");
                ScenarioCluster clients = ScenarioCluster.empty(members.dir, members.args + ",mode=client")) {
            ScenarioClient waiter = clients.add("client1");
            System.out.println(
                    "FrozenWaiterIT: " + FrozenWaiter.check(members.jvm(1), waiter, members.jvm(2), "frozen-volume"));
        }
    }
}
