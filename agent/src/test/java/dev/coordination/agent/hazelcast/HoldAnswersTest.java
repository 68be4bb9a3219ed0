package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.hazelcast.HoldAnswers.Answer;
import dev.coordination.agent.runtime.HeldName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of the {@code locks} command's questions and answers. */
class HoldAnswersTest {

    @Test
    void anAnswerReadsBackAsWritten() {
        List<HeldName> rows = List.of(
                new HeldName("volume-1", "app-1", "job-h1", "Jobs#hold(String, Job)", 1_764_662_400_123L, 1),
                HeldName.waitedFor("volume-9", 2));

        Answer answer = HoldAnswers.parseAnswer(HoldAnswers.answer("q-1", "app-1", rows));

        assertThat(answer).isEqualTo(new Answer("q-1", "app-1", rows));
    }

    @Test
    void tabsAndLineEndsInAThreadNameCannotBreakTheLines() {
        HeldName odd = new HeldName("volume-1", "app-1", "worker\t1\nx", "Jobs#hold(String, Job)", 5, 0);

        Answer answer = HoldAnswers.parseAnswer(HoldAnswers.answer("q-1", "app-1", List.of(odd)));

        assertThat(answer.rows()).extracting(HeldName::thread).containsExactly("worker 1 x");
    }

    @Test
    void aQuestionCarriesItsIdAndGlob() {
        assertThat(HoldAnswers.parseQuestion(HoldAnswers.question("q-1", "volume-*")))
                .containsExactly("q-1", "volume-*");
        assertThat(HoldAnswers.parseQuestion("no id")).isNull();
        assertThat(HoldAnswers.parseAnswer("something else\nH\tx")).isNull();
    }
}
