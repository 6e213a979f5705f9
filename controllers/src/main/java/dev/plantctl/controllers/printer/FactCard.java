package dev.plantctl.controllers.printer;

import java.util.List;
import java.util.Objects;

/**
 * One fact of the printer knowledge base.
 *
 * @param id       unique id, lower case words joined by '-', e.g. {@code clog-partial}
 * @param title    a one-line title
 * @param keywords words a query may use for it
 * @param text        the fact, one paragraph
 * @param constraints the machine-readable rules the reasoner applies when the card is retrieved (may be empty)
 */
public record FactCard(String id, String title, String keywords, String text, List<FactConstraint> constraints) {

    /** @throws IllegalArgumentException when the id is malformed or the title or text is blank */
    public FactCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keywords, "keywords");
        constraints = List.copyOf(constraints);
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("fact id must be lower-case words joined by '-': '" + id + "'");
        }
        if (title == null || title.isBlank() || text == null || text.isBlank()) {
            throw new IllegalArgumentException("fact " + id + " needs a title and a text");
        }
    }

    /** A card without rules. */
    public FactCard(String id, String title, String keywords, String text) {
        this(id, title, keywords, text, List.of());
    }
}
