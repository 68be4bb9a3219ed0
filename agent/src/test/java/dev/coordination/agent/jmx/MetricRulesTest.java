package dev.coordination.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.template.MethodShape;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenTelemetry Java agent's JMX rules in {@code docs/metrics/otel-jmx.yaml} name only MBeans and
 * attributes that exist: each rule's bean pattern matches MBeans the publisher registers (lock sites,
 * CP groups, the CP subsystem), each mapped attribute is a numeric attribute of them, and each metric
 * attribute reads a key property or a string attribute they have. (The Prometheus exporter's rules
 * are checked by the ITs that run the real exporter with them.)
 */
class MetricRulesTest {

    private static final Path OTEL_RULES = Path.of("../docs/metrics/otel-jmx.yaml");
    private static final Pattern EXTRACTOR = Pattern.compile("(param|beanattr)\\((\\w+)\\)");
    private static final Set<String> NUMBERS = Set.of("long", "int", "java.lang.Long", "java.lang.Integer");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    /** What an agent that is a CP member with one locked method publishes. */
    private void publishAll() {
        FreeLocks backend = new FreeLocks();
        backend.groups = List.of(new ConsensusGroup("default", "127.0.0.1:5701", "leader", 1, 5, 0, 5));
        backend.status = new CpStatus(3, 0, Map.of("default", 1));
        LockSites sites = new LockSites();
        sites.register(LockSite.compile(
                new MethodShape("com.acme.Volumes", "attach", List.of("vol"), true, List.of("java.lang.String"), false),
                List.of("volume-{vol}"),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
        new MetricsPublisher(sites, new LockRuntime(sites, backend, ""), CpSource.of(backend)).sync(server);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyBeanAndAttributeTheOpenTelemetryRulesNameExists() throws Exception {
        publishAll();
        Map<String, Object> config;
        try (Reader reader = Files.newBufferedReader(OTEL_RULES)) {
            config = new Yaml().load(reader);
        }
        List<Map<String, Object>> rules = (List<Map<String, Object>>) config.get("rules");
        assertThat(rules).isNotEmpty();
        List<String> mapped = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            ObjectName pattern = new ObjectName((String) rule.get("bean"));
            Set<ObjectName> beans = server.queryNames(pattern, null);
            assertThat(beans).as("MBeans matching %s", pattern).isNotEmpty();
            for (ObjectName bean : beans) {
                Map<String, String> types = attributeTypes(bean);
                Map<String, Object> mapping = (Map<String, Object>) rule.get("mapping");
                for (String attribute : mapping.keySet()) {
                    assertThat(types.get(attribute))
                            .as("%s, mapped by the rule for %s", attribute, pattern)
                            .isIn(NUMBERS);
                    mapped.add(bean.getKeyProperty("type") + "." + attribute);
                }
                Map<String, String> metricAttributes =
                        (Map<String, String>) rule.getOrDefault("metricAttribute", Map.of());
                for (String extractor : metricAttributes.values()) {
                    Matcher source = EXTRACTOR.matcher(extractor);
                    assertThat(source.matches()).as(extractor).isTrue();
                    if (source.group(1).equals("param")) {
                        assertThat(bean.getKeyProperty(source.group(2)))
                                .as(extractor)
                                .isNotNull();
                    } else {
                        assertThat(types.get(source.group(2))).as(extractor).isEqualTo("java.lang.String");
                    }
                }
            }
        }
        assertThat(mapped)
                .as("the figures the docs promise")
                .contains(
                        "LockSite.Acquisitions",
                        "LockSite.Failures",
                        "LockSite.LocksLost",
                        "LockSite.Holders",
                        "LockSite.WaitMillisTotal",
                        "LockSite.HoldMillisMax",
                        "CpGroup.Term",
                        "CpGroup.CommitIndex",
                        "CpGroup.Sessions",
                        "CpSubsystem.MissingCpMembers");
    }

    private Map<String, String> attributeTypes(ObjectName bean) throws Exception {
        Map<String, String> types = new HashMap<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(bean).getAttributes()) {
            types.put(attribute.getName(), attribute.getType());
        }
        return types;
    }
}
