package dev.plantctl.ingestion;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Laws of tag map parsing: generated maps load as written; mutated files load or fail with a location. */
class TagMapPropertiesTest {

    /** One generated tag: its name, source kind, range and timing. */
    record TagSpec(String name, int kind, double min, double max, int periodSeconds, Integer stalenessSeconds) {

        String yaml() {
            String source = switch (kind) {
                case 0 -> "{opcua: \"ns=2;s={unit}/" + name + "\"}";
                case 1 -> "{mqtt: \"site/{unit}/" + name + "\"}";
                case 2 -> "{mqtt: \"site/{unit}/" + name + "\", decoder: json, pointer: /v/" + name + "}";
                default -> "{mqtt: \"site/{unit}/" + name + "/state\", decoder: moonraker}";
            };
            return "  " + name + ":\n    source: " + source + "\n    unit: u\n    range: [" + min + ", " + max + "]\n"
                    + "    period: " + periodSeconds + "s\n"
                    + (stalenessSeconds == null ? "" : "    staleness: " + stalenessSeconds + "s\n");
        }

        String address(String unit) {
            return switch (kind) {
                case 0 -> "ns=2;s=" + unit + "/" + name;
                case 1 -> "site/" + unit + "/" + name;
                case 2 -> "site/" + unit + "/" + name + "#/v/" + name;
                default -> "site/" + unit + "/" + name + "/state";
            };
        }
    }

    /** A generated tag map: units by count or by list, and its tags. */
    record MapSpec(List<String> units, boolean counted, List<TagSpec> tags) {

        String yaml() {
            StringBuilder b = new StringBuilder("format: plantctl-tagmap/1\nplant: p\n");
            b.append(counted ? "units: {count: " + units.size() + ", id: \"u{n}\"}\n" : "units: " + units + "\n");
            b.append("tags:\n");
            tags.forEach(t -> b.append(t.yaml()));
            return b.toString();
        }
    }

    @Provide
    Arbitrary<MapSpec> maps() {
        Arbitrary<Double> bound = Arbitraries.doubles().between(-1e6, 1e6);
        Arbitrary<TagSpec> tag = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                        .ofMaxLength(10), Arbitraries.integers().between(0, 3), bound, bound,
                Arbitraries.integers().between(1, 3600), Arbitraries.integers().between(1, 7200).injectNull(0.5))
                .as((n, k, a, b, p, s) -> new TagSpec(n, k, Math.min(a, b), Math.max(a, b), p, s));
        Arbitrary<List<TagSpec>> tags = tag.list().ofMinSize(1).ofMaxSize(8).uniqueElements(TagSpec::name);
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.of(true, false), tags)
                .as((n, counted, t) -> {
                    List<String> units = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        units.add("u" + i);
                    }
                    return new MapSpec(units, counted, t);
                });
    }

    @Property(tries = 300)
    void generatedTagMapsBindEveryTagOfEveryUnitAsWritten(@ForAll("maps") MapSpec spec) {
        TagMap map = TagMapFile.parse("gen.yaml", spec.yaml()).tagMap();
        assertThat(map.unitIds()).containsExactlyElementsOf(spec.units());
        assertThat(map.bindings()).hasSize(spec.units().size() * spec.tags().size());
        for (String unit : spec.units()) {
            for (TagSpec t : spec.tags()) {
                TagBinding b = map.binding(t.address(unit)).orElseThrow(() -> new AssertionError(t.address(unit)));
                assertThat(b.unitId()).isEqualTo(unit);
                assertThat(b.tag()).isEqualTo(t.name());
                assertThat(b.min()).isEqualTo(t.min());
                assertThat(b.max()).isEqualTo(t.max());
                assertThat(b.period()).isEqualTo(Duration.ofSeconds(t.periodSeconds()));
                assertThat(b.stalenessLimit()).isEqualTo(t.stalenessSeconds() == null
                        ? Duration.ofSeconds(2L * t.periodSeconds()) : Duration.ofSeconds(t.stalenessSeconds()));
            }
        }
    }

    private static final String EXAMPLE = resource("tagmaps/example.yaml");

    /** A text edit of the example file: delete, insert or replace at a position. */
    record Edit(int kind, int position, int length, char c) {

        String apply(String text) {
            int at = Math.floorMod(position, text.length() + 1);
            int end = Math.min(text.length(), at + length);
            return switch (kind) {
                case 0 -> text.substring(0, at) + text.substring(end);
                case 1 -> text.substring(0, at) + c + text.substring(at);
                default -> text.substring(0, at) + c + text.substring(Math.min(text.length(), at + 1));
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.of(':', '{', '}', '[', ']', '-', '#', '"', '\'', ' ', '\n', '\t',
                '&', '*', '!', '|', '>', '%', '@', ',', '0', '9', 'x', '{', '/', '~', '\u00e9', '\u0000');
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(1, 40), chars).as(Edit::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 2000)
    void mutatedFilesLoadOrFailWithFileLineAndKey(@ForAll("edits") List<Edit> edits) {
        String text = EXAMPLE;
        for (Edit e : edits) {
            text = e.apply(text);
        }
        try {
            TagMapFile.parse("mutated.yaml", text).tagMap().describe();
        } catch (TagMapException e) {
            assertThat(e.file()).isEqualTo("mutated.yaml");
            assertThat(e.line()).isBetween(0, (int) text.lines().count() + 1);
            assertThat(e.key()).isNotBlank();
            assertThat(e.getMessage()).startsWith("mutated.yaml:" + e.line() + ": " + e.key() + ": ");
        } catch (RuntimeException e) {
            fail("a mutated file must load or fail with a TagMapException, not " + e + "\n--- file:\n" + text, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TagMapPropertiesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
