package dev.coordination.agent.hazelcast;

import dev.coordination.agent.runtime.HeldName;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of the {@code locks} command on its two topics (named under the lock prefix, so only
 * JVMs of the same prefix take part): a question carries its id and the glob; each JVM's answer
 * carries the question's id, the JVM's member id and one line per name. Plain text, so JVMs on other
 * agent versions still understand each other. Agent jar, system class loader.
 */
public final class HoldAnswers {

    static final String QUESTIONS = "coordination-holds-questions";
    static final String ANSWERS = "coordination-holds-answers";

    private HoldAnswers() {}

    /** One JVM's answer. */
    public record Answer(String questionId, String memberId, List<HeldName> rows) {}

    static String question(String questionId, String glob) {
        return questionId + "\n" + glob;
    }

    /** The question's id and glob, or {@code null} for a message that is not a question. */
    static String[] parseQuestion(String text) {
        int newline = text.indexOf('\n');
        return newline <= 0 ? null : new String[] {text.substring(0, newline), text.substring(newline + 1)};
    }

    static String answer(String questionId, String memberId, List<HeldName> rows) {
        StringBuilder text = new StringBuilder().append(questionId).append('\t').append(clean(memberId));
        for (HeldName row : rows) {
            text.append('\n')
                    .append(row.held() ? 'H' : 'W')
                    .append('\t')
                    .append(clean(row.name()))
                    .append('\t')
                    .append(clean(row.thread()))
                    .append('\t')
                    .append(clean(row.method()))
                    .append('\t')
                    .append(row.sinceMillis())
                    .append('\t')
                    .append(row.waiting());
        }
        return text.toString();
    }

    /** The answer in {@code text}, or {@code null} when it is not one (another version's, say). */
    static Answer parseAnswer(String text) {
        String[] lines = text.split("\n", -1);
        String[] head = lines[0].split("\t", -1);
        if (head.length != 2) {
            return null;
        }
        List<HeldName> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] field = lines[i].split("\t", -1);
            if (field.length != 6) {
                return null;
            }
            try {
                int waiting = Integer.parseInt(field[5]);
                rows.add(
                        field[0].equals("H")
                                ? new HeldName(field[1], head[1], field[2], field[3], Long.parseLong(field[4]), waiting)
                                : HeldName.waitedFor(field[1], waiting));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new Answer(head[0], head[1], rows);
    }

    /** Tabs and line ends would break the lines: a thread may be named anything. */
    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
