package dev.coordination.agent.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.hazelcast.HoldAnswers.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar coordination-agent.jar locks [GLOB]}: connects to the cluster for a moment as a
 * Hazelcast client (never a member, so the cluster is not disturbed), asks every JVM with the agent
 * who holds what ({@link HoldQuestions} answers in each, members and clients alike), collects the
 * answers for a bounded time and leaves. Lock names are known only in the JVM that holds them (many
 * names share one CP lock), so the JVMs must say them; a JVM that does not answer in time is
 * missing from the result, which says how many answered. Agent jar, system class loader.
 */
public final class HoldsQuery {

    /** How long the command waits for answers: JVMs answer within milliseconds unless stalled. */
    public static final long ANSWER_MILLIS = 2000;

    static final int CONNECT_MILLIS = 15_000;

    private HoldsQuery() {}

    /** The answers to one question, one per JVM that answered in time. */
    public static List<Answer> ask(AgentConfig settings, String glob) throws InterruptedException {
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        ClientConfig config = ClientConfigs.client(settings);
        config.setInstanceName("coordination-locks-" + UUID.randomUUID());
        config.getConnectionStrategyConfig().setAsyncStart(false);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(CONNECT_MILLIS);
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "could not reach the cluster " + where(settings) + " within " + CONNECT_MILLIS / 1000 + " s ("
                            + e.getMessage() + "); give its cluster-name and members",
                    e);
        }
        try {
            String prefix = settings.lockPrefix();
            String questionId = UUID.randomUUID().toString();
            Queue<Answer> answers = new ConcurrentLinkedQueue<>();
            ITopic<String> answerTopic = client.getTopic(prefix + HoldAnswers.ANSWERS);
            UUID listener = answerTopic.addMessageListener(message -> {
                Object text = message.getMessageObject();
                Answer answer = text instanceof String ? HoldAnswers.parseAnswer((String) text) : null;
                if (answer != null && answer.questionId().equals(questionId)) {
                    answers.add(answer);
                }
            });
            client.<String>getTopic(prefix + HoldAnswers.QUESTIONS).publish(HoldAnswers.question(questionId, glob));
            // No JVM count to wait for: clients are not listed anywhere a client can read.
            TimeUnit.MILLISECONDS.sleep(ANSWER_MILLIS);
            answerTopic.removeMessageListener(listener);
            return new ArrayList<>(answers);
        } finally {
            client.shutdown();
        }
    }

    private static String where(AgentConfig settings) {
        return settings.hazelcastConfig() != null
                ? "of client configuration " + settings.hazelcastConfig()
                : "\"" + settings.clusterName() + "\" at " + String.join(",", settings.members());
    }
}
