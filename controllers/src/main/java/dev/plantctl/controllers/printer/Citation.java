package dev.plantctl.controllers.printer;

/**
 * A fact retrieved for a decision: the card, its BM25 score for the query, and the sentence of it that shares the
 * most words with the query.
 *
 * @param card    the fact
 * @param score   its BM25 score
 * @param passage the cited sentence
 */
public record Citation(FactCard card, float score, String passage) {

    /** {@code id: passage}, as explanations list citations. */
    public String text() {
        return card.id() + ": " + passage;
    }
}
