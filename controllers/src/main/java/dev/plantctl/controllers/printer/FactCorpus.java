package dev.plantctl.controllers.printer;

import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fact cards from their text format: a card starts with {@code ## <id> | <title>}, its next line is
 * {@code keywords: ...}, then any number of {@code constraint: <rule>} lines (the card's machine-readable rules,
 * {@link FactConstraint}), and its text runs up to the next card; lines starting with a single {@code #} are
 * comments. The rules' forms:
 * <pre>
 * constraint: limit &lt;COMMAND&gt; &lt;min&gt;..&lt;max&gt; [step &lt;max-change&gt;]
 * constraint: window &lt;MATERIAL&gt; &lt;low&gt;..&lt;high&gt;
 * constraint: first-layer withhold &lt;COMMAND&gt;[,&lt;COMMAND&gt;...]
 * constraint: clog-escalation after &lt;N&gt; layers
 * </pre>
 * The shipped corpus is {@value #RESOURCE}, signed ({@link BundleSignature}, subject {@value #SIGNATURE_SUBJECT})
 * by a shipped release key: {@link #shipped()} verifies it before parsing, so an edited corpus is refused until
 * it is re-signed ({@code plantctl models sign}).
 */
public final class FactCorpus {

    /** The classpath resource of the shipped corpus. */
    public static final String RESOURCE = "/dev/plantctl/controllers/printer/facts.txt";
    /** The corpus file's name. */
    public static final String FILE_NAME = "facts.txt";
    /** The subject of the corpus's signature ({@link BundleSignature}). */
    public static final String SIGNATURE_SUBJECT = "printer-fact-corpus";
    private static final String SIGNATURE_RESOURCE = "/dev/plantctl/controllers/printer/" + BundleSignature.FILE;

    private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
    private static final Pattern LIMIT = Pattern.compile("limit ([A-Z][0-9]+) " + NUMBER + "\\.\\." + NUMBER
            + "(?: step " + NUMBER + ")?");
    private static final Pattern WINDOW = Pattern.compile("window ([A-Za-z]+) " + NUMBER + "\\.\\." + NUMBER);
    private static final Pattern FIRST_LAYER = Pattern.compile("first-layer withhold ([A-Z][0-9]+(?:,[A-Z][0-9]+)*)");
    private static final Pattern CLOG = Pattern.compile("clog-escalation after (\\d+) layers");
    private static final List<String> FORMS = List.of("limit <COMMAND> <min>..<max> [step <max-change>]",
            "window <MATERIAL> <low>..<high>", "first-layer withhold <COMMAND>[,<COMMAND>...]",
            "clog-escalation after <N> layers");

    private FactCorpus() {
    }

    /**
     * The shipped corpus, verified with the shipped release keys.
     *
     * @throws UncheckedIOException when the corpus or its signature is missing, or the signature does not verify
     *                              (the cause a {@link dev.plantctl.ml.registry.ModelRejectedException} naming why)
     */
    public static List<FactCard> shipped() {
        byte[] corpus = resource(RESOURCE);
        if (corpus == null) {
            throw new IllegalStateException("the printer knowledge base classpath:" + RESOURCE + " is missing");
        }
        return verified(corpus, resource(SIGNATURE_RESOURCE), TrustedKeys.shipped(), "classpath:" + RESOURCE);
    }

    /**
     * A corpus's cards after its signature verified.
     *
     * @param corpus    the corpus file's bytes
     * @param signature the signature file's bytes, or null when there is none
     * @param where     the corpus file's name for messages; its signature file is named beside it
     * @throws UncheckedIOException when the signature is missing or does not verify
     */
    static List<FactCard> verified(byte[] corpus, byte[] signature, TrustedKeys trust, String where) {
        try {
            BundleSignature.verify(trust, SIGNATURE_SUBJECT, FILE_NAME, corpus, signature,
                    Path.of(where).resolveSibling(BundleSignature.FILE));
            return parse(new ByteArrayInputStream(corpus), where);
        } catch (IOException e) {
            throw new UncheckedIOException("the printer knowledge base is refused: " + e.getMessage(), e);
        }
    }

    /**
     * Signs the corpus {@value #FILE_NAME} in a directory (replacing its signature) after checking that it parses.
     *
     * @return the signature file
     * @throws IllegalArgumentException when the corpus is malformed, naming the line
     */
    public static Path sign(Path dir, SigningKey signer) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        try (InputStream in = Files.newInputStream(file)) {
            parse(in, file.toString());
        }
        return BundleSignature.sign(dir, FILE_NAME, SIGNATURE_SUBJECT, signer);
    }

    private static byte[] resource(String name) {
        try (InputStream in = FactCorpus.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + name, e);
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
        List<FactConstraint> constraints = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int headerLine = 0;
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            if (line.startsWith("## ")) {
                if (id != null) {
                    cards.add(card(source, headerLine, id, title, keywords, text, constraints));
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
                constraints = new ArrayList<>();
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
            } else if (line.startsWith("constraint:")) {
                if (!text.isEmpty()) {
                    throw new IllegalArgumentException(source + ":" + n + ": card '" + id
                            + "' has a 'constraint:' line after its text; rules go between keywords and text");
                }
                try {
                    constraints.add(constraint(line.substring("constraint:".length()).strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + n + ": card '" + id + "': " + e.getMessage(),
                            e);
                }
            } else {
                text.append(text.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        if (id != null) {
            cards.add(card(source, headerLine, id, title, keywords, text, constraints));
        }
        return List.copyOf(cards);
    }

    /**
     * Parses a rule, the text after {@code constraint:}.
     *
     * @throws IllegalArgumentException naming the rule and the accepted forms when it is malformed
     */
    static FactConstraint constraint(String rule) {
        Matcher m = LIMIT.matcher(rule);
        if (m.matches()) {
            return new FactConstraint.CommandLimit(m.group(1), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), m.group(4) == null ? Double.NaN : Double.parseDouble(m.group(4)));
        }
        m = WINDOW.matcher(rule);
        if (m.matches()) {
            return new FactConstraint.TemperatureWindow(m.group(1), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)));
        }
        m = FIRST_LAYER.matcher(rule);
        if (m.matches()) {
            return new FactConstraint.FirstLayerWithhold(Set.of(m.group(1).split(",")));
        }
        m = CLOG.matcher(rule);
        if (m.matches()) {
            return new FactConstraint.ClogEscalation(Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException("constraint '" + rule + "' is none of: " + String.join("; ", FORMS));
    }

    private static FactCard card(String source, int line, String id, String title, String keywords,
                                 StringBuilder text, List<FactConstraint> constraints) {
        try {
            return new FactCard(id, title, keywords == null ? "" : keywords, text.toString(), constraints);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + line + ": " + e.getMessage(), e);
        }
    }
}
