package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md tells users to copy its Maven lines, and it-tests/samples/local-tests (whose
 * tests run in the build) is the proof that they work: the page's agent dependency and its whole
 * {@code <build>} block must be the sample pom's, line for line (indentation aside).
 */
class TestingDocsIT {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "../..");
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);

    @Test
    void testingPageShowsTheSamplePomsAgentWiring() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/testing.md"));
        Matcher block = XML_BLOCK.matcher(page);
        assertThat(block.find()).as("docs/testing.md has an xml block").isTrue();
        String snippet = stripIndentation(block.group(1));
        String pom = stripIndentation(Files.readString(ROOT.resolve("it-tests/samples/local-tests/pom.xml")));

        String because = "it-tests/samples/local-tests/pom.xml has the lines docs/testing.md shows";
        assertThat(pom).as(because).contains(between(snippet, "<build>", "</build>"));
        assertThat(pom).as(because).contains(between(snippet, "<!-- The agent jar", "</dependency>"));
        assertThat(pom)
                .as(because)
                .contains(between(
                        snippet,
                        "<dependency>\n<groupId>dev.coordination</groupId>\n"
                                + "<artifactId>coordination-annotations</artifactId>",
                        "</dependency>"));
    }

    private static String stripIndentation(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n"));
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("the page's snippet has %s", from).isNotNegative();
        return text.substring(start, text.indexOf(to, start) + to.length());
    }
}
