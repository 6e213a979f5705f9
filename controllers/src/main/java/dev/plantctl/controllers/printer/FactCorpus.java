package dev.plantctl.controllers.printer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads fact cards from their text format: a card starts with {@code ## <id> | <title>}, its next line is
 * {@code keywords: ...}, and its text runs up to the next card; lines starting with a single {@code #} are
 * comments. The shipped corpus is {@value #RESOURCE}.
 */
public final class FactCorpus {

    /** The classpath resource of the shipped corpus. */
    public static final String RESOURCE = "/dev/plantctl/controllers/printer/facts.txt";

    private FactCorpus() {
    }

    /** The shipped corpus. */
    public static List<FactCard> shipped() {
        try (InputStream in = FactCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the printer knowledge base classpath:" + RESOURCE + " is missing");
            }
            return parse(in, "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + RESOURCE, e);
        }
    }

    /**
     * Parses a corpus.
     *
     * @param source names the corpus in error messages
     * @throws IllegalArgumentException on a malformed card or a repeated id, naming the source and line
     */
    public static List<FactCard> parse(InputStream in, String source) throws IOException {
        List<FactCard> cards = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String id = null;
        String title = null;
        String keywords = null;
        StringBuilder text = new StringBuilder();
        int headerLine = 0;
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            if (line.startsWith("## ")) {
                if (id != null) {
                    cards.add(card(source, headerLine, id, title, keywords, text));
                }
                int bar = line.indexOf('|');
                if (bar < 0) {
                    throw new IllegalArgumentException(source + ":" + n + ": a card header needs '## <id> | <title>'");
                }
                id = line.substring(3, bar).strip();
                title = line.substring(bar + 1).strip();
                if (!ids.add(id)) {
                    throw new IllegalArgumentException(source + ":" + n + ": fact id '" + id + "' is used twice");
                }
                keywords = null;
                text.setLength(0);
                headerLine = n;
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (id == null) {
                throw new IllegalArgumentException(source + ":" + n + ": text before the first card");
            } else if (keywords == null) {
                if (!line.startsWith("keywords:")) {
                    throw new IllegalArgumentException(source + ":" + n + ": card '" + id
                            + "' needs a 'keywords:' line after its header");
                }
                keywords = line.substring("keywords:".length()).strip();
            } else {
                text.append(text.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        if (id != null) {
            cards.add(card(source, headerLine, id, title, keywords, text));
        }
        return List.copyOf(cards);
    }

    private static FactCard card(String source, int line, String id, String title, String keywords,
                                 StringBuilder text) {
        try {
            return new FactCard(id, title, keywords == null ? "" : keywords, text.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + line + ": " + e.getMessage(), e);
        }
    }
}
