package dev.plantctl.controllers.printer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The printer knowledge base: fact cards indexed in memory with Lucene and searched with BM25 over their title,
 * keywords (both boosted ×2) and text. A query is free text (a draft of reasoning, a command's name); Lucene's
 * query syntax in it is escaped.
 *
 * <p>Thread-safe for searching; close it to release the index.
 */
public final class KnowledgeBase implements AutoCloseable {

    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String KEYWORDS = "keywords";
    private static final String TEXT = "text";
    private static final Map<String, Float> BOOSTS = Map.of(TITLE, 2f, KEYWORDS, 2f, TEXT, 1f);

    private final Map<String, FactCard> cards = new LinkedHashMap<>();
    private final Analyzer analyzer = new StandardAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    private KnowledgeBase(List<FactCard> corpus) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (FactCard c : corpus) {
                if (cards.putIfAbsent(c.id(), c) != null) {
                    throw new IllegalArgumentException("fact id '" + c.id() + "' is used twice");
                }
                Document d = new Document();
                d.add(new StringField(ID, c.id(), Field.Store.YES));
                d.add(new TextField(TITLE, c.title(), Field.Store.NO));
                d.add(new TextField(KEYWORDS, c.keywords(), Field.Store.NO));
                d.add(new TextField(TEXT, c.text(), Field.Store.NO));
                writer.addDocument(d);
            }
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        searcher.setSimilarity(new BM25Similarity());
    }

    /** The knowledge base of the given cards. */
    public static KnowledgeBase of(List<FactCard> corpus) {
        try {
            return new KnowledgeBase(corpus);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index the printer knowledge base in memory", e);
        }
    }

    /** The knowledge base of the shipped corpus ({@link FactCorpus#shipped()}). */
    public static KnowledgeBase shipped() {
        return of(FactCorpus.shipped());
    }

    /** A card by id. */
    public Optional<FactCard> card(String id) {
        return Optional.ofNullable(cards.get(id));
    }

    /** Every card, in corpus order. */
    public List<FactCard> cards() {
        return List.copyOf(cards.values());
    }

    /**
     * The best {@code k} cards for a free-text query, best first (fewer when fewer match).
     *
     * @throws IllegalArgumentException when k &lt; 1
     */
    public List<Citation> search(String query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1: " + k);
        }
        if (query == null || query.isBlank()) {
            return List.of();
        }
        try {
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {TITLE, KEYWORDS, TEXT}, analyzer,
                    BOOSTS);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            Query q = parser.parse(QueryParser.escape(query));
            List<Citation> out = new ArrayList<>(k);
            for (ScoreDoc hit : searcher.search(q, k).scoreDocs) {
                FactCard card = cards.get(searcher.storedFields().document(hit.doc).get(ID));
                out.add(new Citation(card, hit.score, passage(card, query)));
            }
            return out;
        } catch (ParseException e) {
            throw new IllegalArgumentException("knowledge base query could not be parsed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge base search failed", e);
        }
    }

    /** The sentence of a card that shares the most words with the query (its first on a tie). */
    static String passage(FactCard card, String query) {
        Set<String> words = words(query);
        String best = null;
        int bestShared = -1;
        for (String sentence : card.text().split("(?<=[.:])\\s+(?=[A-Z])")) {
            Set<String> w = words(sentence);
            w.retainAll(words);
            if (w.size() > bestShared) {
                best = sentence;
                bestShared = w.size();
            }
        }
        return best;
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        out.removeIf(w -> w.length() < 3);
        return out;
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the knowledge base index", e);
        }
    }
}
