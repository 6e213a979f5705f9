package dev.plantctl.ml.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A data set of transitions under one {@link TransitionSchema}, with a content fingerprint.
 *
 * <p><b>Fingerprint.</b> {@code sha256:<hex>} of a canonical encoding of the content: the schema (plant, step in
 * nanoseconds, every name) and then, for each transition in order, its unit, its time (epoch second and nano)
 * and the IEEE-754 bits of every number of state, action, exogenous and next. It does not depend on how a file
 * spelled the numbers, on whitespace or on the free-text {@code source}: two sets have the same fingerprint
 * exactly when they hold the same numbers in the same order. A model's metadata records the fingerprint of the
 * data it was trained on.
 *
 * <p>Immutable.
 *
 * @param schema      what the vectors mean
 * @param transitions the transitions, in order
 * @param source      where the data came from, free text (e.g. {@code simulator seed=1 days=30})
 */
public record TransitionSet(TransitionSchema schema, List<Transition> transitions, String source) {

    /** Checks every transition against the schema. */
    public TransitionSet {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(source, "source");
        transitions = List.copyOf(transitions);
        transitions.forEach(schema::check);
    }

    /** The number of transitions. */
    public int size() {
        return transitions.size();
    }

    /** The model inputs, one row per transition. */
    public double[][] inputs() {
        double[][] x = new double[transitions.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = transitions.get(i).input();
        }
        return x;
    }

    /** The model targets (state changes), one row per transition. */
    public double[][] changes() {
        double[][] y = new double[transitions.size()][];
        for (int i = 0; i < y.length; i++) {
            y[i] = transitions.get(i).change();
        }
        return y;
    }

    /**
     * This set followed by others of the same schema.
     *
     * @throws IllegalArgumentException when a schema differs
     */
    public TransitionSet concat(List<TransitionSet> others) {
        List<Transition> all = new ArrayList<>(transitions);
        StringBuilder sources = new StringBuilder(source);
        for (TransitionSet other : others) {
            if (!other.schema.equals(schema)) {
                throw new IllegalArgumentException("cannot merge transition sets of different schemas: " + schema
                        + " and " + other.schema);
            }
            all.addAll(other.transitions);
            sources.append(" + ").append(other.source);
        }
        return new TransitionSet(schema, all, sources.toString());
    }

    /** The content fingerprint, {@code sha256:<64 hex digits>}, as described in the class comment. */
    public String fingerprint() {
        MessageDigest sha = sha256();
        text(sha, schema.plant());
        longs(sha, schema.step().toNanos());
        for (List<String> names : List.of(schema.state(), schema.action(), schema.exogenous())) {
            longs(sha, names.size());
            names.forEach(n -> text(sha, n));
        }
        longs(sha, transitions.size());
        for (Transition t : transitions) {
            text(sha, t.unit());
            longs(sha, t.time().getEpochSecond(), t.time().getNano());
            numbers(sha, t.state());
            numbers(sha, t.action());
            numbers(sha, t.exogenous());
            numbers(sha, t.next());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void text(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        longs(sha, bytes.length);
        sha.update(bytes);
    }

    private static void longs(MessageDigest sha, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        sha.update(b.array());
    }

    private static void numbers(MessageDigest sha, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            b.putLong(Double.doubleToLongBits(v));
        }
        sha.update(b.array());
    }
}
