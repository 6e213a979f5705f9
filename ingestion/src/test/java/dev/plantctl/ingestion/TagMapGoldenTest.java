package dev.plantctl.ingestion;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the tag map format with golden files: what a file using every feature binds ({@code example.golden}),
 * and the message of each invalid file ({@code invalid.golden}). After an intended change of the format, run
 * with {@code -Dgolden.update=true} to rewrite the golden files, and review their diff.
 */
class TagMapGoldenTest {

    private static final Path SOURCES = Path.of("src/test/resources/tagmaps");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Test
    void aFileUsingEveryFeatureBindsAsTheGoldenFileSays() throws Exception {
        TagMapFile file = TagMapFile.load(resources().resolve("example.yaml"));
        assertGolden("example.golden", file.tagMap().describe());
    }

    @Test
    void eachInvalidFileFailsWithTheGoldenMessageNamingFileLineAndKey() throws Exception {
        StringBuilder messages = new StringBuilder();
        try (Stream<Path> files = Files.list(resources().resolve("invalid"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                String name = "invalid/" + f.getFileName();
                try {
                    TagMapFile.parse(name, text);
                    messages.append(name).append(": LOADED, but should have failed\n");
                } catch (TagMapException e) {
                    assertThat(e.file()).isEqualTo(name);
                    assertThat(e.line()).as(name).isBetween(0, (int) text.lines().count() + 1);
                    assertThat(e.key()).as(name).isNotBlank();
                    messages.append(e.getMessage()).append('\n');
                }
            }
        }
        assertGolden("invalid.golden", messages.toString());
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(TagMapGoldenTest.class.getClassLoader().getResource("tagmaps").toURI());
    }

    private static void assertGolden(String name, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(SOURCES.resolve(name), actual, StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(SOURCES.resolve(name), StandardCharsets.UTF_8);
        assertThat(actual.lines().toList()).as("golden file %s (rewrite with -Dgolden.update=true)", name)
                .containsExactlyElementsOf(expected);
    }
}
