package dev.coordination.agent.hazelcast;

import static dev.coordination.agent.hazelcast.KubernetesDocs.at;
import static dev.coordination.agent.hazelcast.KubernetesDocs.list;
import static dev.coordination.agent.hazelcast.KubernetesDocs.manifest;
import static dev.coordination.agent.hazelcast.KubernetesDocs.manifests;
import static dev.coordination.agent.hazelcast.KubernetesDocs.map;
import static dev.coordination.agent.hazelcast.KubernetesDocs.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifests of docs/kubernetes: valid YAML, the expected kinds, and the fields that must agree. */
class KubernetesManifestsTest {

    private static final String MEMBER_LABEL = "coordination-member";

    private static Map<String, Object> memberPod() {
        return map(at(manifest("StatefulSet", "coordination-member"), "spec", "template"));
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return named(container.get("env"), name);
    }

    @Test
    void everyFileIsYamlOfTheExpectedKinds() {
        assertThat(manifests().stream().map(m -> m.get("kind") + " " + at(m, "metadata", "name")))
                .containsExactlyInAnyOrder(
                        "ConfigMap coordination-member",
                        "Service coordination-members",
                        "StatefulSet coordination-member",
                        "PodDisruptionBudget coordination-member",
                        "NetworkPolicy coordination-member",
                        "ConfigMap coordination-client",
                        "Deployment my-app");
    }

    @Test
    void threeMembersStartTogetherAndFindEachOtherBeforeTheyAreReady() {
        Map<String, Object> statefulSet = manifest("StatefulSet", "coordination-member");
        Map<String, Object> service = manifest("Service", "coordination-members");
        assertThat(at(statefulSet, "spec", "replicas")).isEqualTo(3);
        assertThat(at(statefulSet, "spec", "podManagementPolicy")).isEqualTo("Parallel");
        assertThat(at(statefulSet, "spec", "serviceName")).isEqualTo("coordination-members");
        assertThat(at(service, "spec", "clusterIP")).isEqualTo("None");
        assertThat(at(service, "spec", "publishNotReadyAddresses")).isEqualTo(true);
        assertThat(at(service, "spec", "selector", "app.kubernetes.io/name")).isEqualTo(MEMBER_LABEL);
        assertThat(at(memberPod(), "metadata", "labels", "app.kubernetes.io/name"))
                .isEqualTo(MEMBER_LABEL);
        assertThat(at(
                        memberPod(),
                        "spec",
                        "affinity",
                        "podAntiAffinity",
                        "requiredDuringSchedulingIgnoredDuringExecution",
                        0,
                        "topologyKey"))
                .isEqualTo("kubernetes.io/hostname");
        assertThat(at(manifest("PodDisruptionBudget", "coordination-member"), "spec", "maxUnavailable"))
                .isEqualTo(1);
    }

    @Test
    void membersRunTheMemberCommandOnThePodAddressWithProbesOnTheHealthPort() {
        Map<String, Object> container = map(at(memberPod(), "spec", "containers", 0));
        List<Object> command = list(container.get("command"));
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("-jar", "/agent/coordination-agent.jar", "member");
        assertThat(at(env(container, "COORDINATION_INTERFACE"), "valueFrom", "fieldRef", "fieldPath"))
                .isEqualTo("status.podIP");
        assertThat(env(container, "COORDINATION_HAZELCAST_CONFIG").get("value"))
                .isEqualTo(named(container.get("volumeMounts"), "config").get("mountPath") + "/hazelcast.yaml");
        assertThat(at(named(at(memberPod(), "spec", "volumes"), "config"), "configMap", "name"))
                .isEqualTo("coordination-member");

        Object healthPort = named(container.get("ports"), "health").get("containerPort");
        assertThat(env(container, "COORDINATION_HEALTH_PORT").get("value")).isEqualTo(String.valueOf(healthPort));
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
        assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("health");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("health");
        assertThat(named(container.get("ports"), "hazelcast").get("containerPort"))
                .isEqualTo(5701);
        assertThat(at(memberPod(), "spec", "enableServiceLinks")).isEqualTo(false);
    }

    @Test
    void onlyTheApplicationAndTheMembersReachTheHazelcastPort() {
        Map<String, Object> policy = manifest("NetworkPolicy", "coordination-member");
        assertThat(at(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"))
                .isEqualTo(MEMBER_LABEL);
        Map<String, Object> hazelcast = map(at(policy, "spec", "ingress", 0));
        assertThat(at(hazelcast, "ports", 0, "port")).isEqualTo(5701);
        Map<String, Object> appLabels =
                map(at(manifest("Deployment", "my-app"), "spec", "template", "metadata", "labels"));
        assertThat(list(hazelcast.get("from")))
                .extracting(from -> at(from, "podSelector", "matchLabels"))
                .containsExactly(
                        Map.of("coordination.dev/lock-client", "true"), Map.of("app.kubernetes.io/name", MEMBER_LABEL));
        assertThat(appLabels).containsEntry("coordination.dev/lock-client", "true");
        Object healthPort = named(at(memberPod(), "spec", "containers", 0, "ports"), "health")
                .get("containerPort");
        assertThat(at(policy, "spec", "ingress", 1, "ports", 0, "port")).isEqualTo(healthPort);
    }

    @Test
    void theApplicationRunsTheAgentInClientModeFromEnvironmentVariables() {
        Map<String, Object> pod = map(at(manifest("Deployment", "my-app"), "spec", "template", "spec"));
        Map<String, Object> app = map(at(pod, "containers", 0));
        assertThat(env(app, "JAVA_TOOL_OPTIONS").get("value")).isEqualTo("-javaagent:/agent/coordination-agent.jar");
        assertThat(env(app, "COORDINATION_MODE").get("value")).isEqualTo("client");
        assertThat(named(app.get("volumeMounts"), "agent").get("mountPath")).isEqualTo("/agent");
        assertThat(env(app, "COORDINATION_HAZELCAST_CONFIG").get("value"))
                .isEqualTo(named(app.get("volumeMounts"), "coordination-client").get("mountPath")
                        + "/hazelcast-client.yaml");
        Map<String, Object> copy = map(at(pod, "initContainers", 0));
        assertThat(list(copy.get("command")))
                .containsExactly(
                        "cp",
                        "/agent/coordination-agent.jar",
                        named(copy.get("volumeMounts"), "agent").get("mountPath") + "/coordination-agent.jar");
        assertThat(pod.get("enableServiceLinks")).isEqualTo(false);
    }
}
