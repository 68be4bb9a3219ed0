package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.HeldName;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's side of the {@code locks} command: listens on the questions topic and answers each
 * question with the names it holds now ({@link HoldAnswers}). A topic reaches members and clients
 * alike, where a task on the members' executor would miss the clients. The listener is registered by
 * the backend's start thread once the instance is up; answers are worked out on Hazelcast's event
 * thread from the per-thread records (no lock is taken) and sent without waiting, so answering never
 * holds up a locked call. Agent jar, system class loader.
 */
final class HoldQuestions {

    private static final Logger log = LoggerFactory.getLogger(HoldQuestions.class);

    private HoldQuestions() {}

    /** Starts answering on {@code instance}; a failure is logged and leaves locking as it was. */
    static void listen(
            HazelcastInstance instance, String prefix, String memberId, Function<Glob, List<HeldName>> holds) {
        try {
            ITopic<String> questions = instance.getTopic(prefix + HoldAnswers.QUESTIONS);
            ITopic<String> answers = instance.getTopic(prefix + HoldAnswers.ANSWERS);
            questions.addMessageListener(message -> answer(message.getMessageObject(), answers, memberId, holds));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not listen for the locks command ({}); this JVM's holds show in its MBean only",
                    e.toString());
        }
    }

    private static void answer(
            Object message, ITopic<String> answers, String memberId, Function<Glob, List<HeldName>> holds) {
        try {
            String[] question = message instanceof String ? HoldAnswers.parseQuestion((String) message) : null;
            if (question == null) {
                return;
            }
            String text = HoldAnswers.answer(question[0], memberId, holds.apply(Glob.compile(question[1])));
            answers.publishAsync(text).whenComplete((done, failure) -> {
                if (failure != null) {
                    log.debug("Could not answer the locks command: {}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not answer the locks command: {}", e.toString());
        }
    }
}
