package dev.plantctl.ml.nn;

import java.util.List;
import java.util.Objects;

/**
 * K {@link GaussianMlp} members that share one input and one output {@link Normalizer}: the JVM forward pass of
 * a probabilistic dynamics ensemble, in the units of the data. A member maps a raw input x to
 * {@code mean = μ(z)·σ_y + m_y} and {@code variance = e^s(z)·σ_y²} with {@code z = (x − m_x)/σ_x}.
 *
 * <p>Immutable and thread-safe: every prediction uses scratch space of its own.
 *
 * @param inputNormalizer  standardises the inputs
 * @param outputNormalizer standardises the targets
 * @param members          the networks, all of one architecture
 */
public record ProbabilisticEnsemble(Normalizer inputNormalizer, Normalizer outputNormalizer,
                                    List<GaussianMlp> members) {

    /** @throws IllegalArgumentException when there is no member or the sizes do not fit together */
    public ProbabilisticEnsemble {
        Objects.requireNonNull(inputNormalizer, "inputNormalizer");
        Objects.requireNonNull(outputNormalizer, "outputNormalizer");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        GaussianMlp first = members.get(0);
        for (GaussianMlp m : members) {
            if (m.inputs() != inputNormalizer.size() || m.outputs() != outputNormalizer.size()
                    || !java.util.Arrays.equals(m.hidden(), first.hidden())) {
                throw new IllegalArgumentException("ensemble members must share one architecture with "
                        + inputNormalizer.size() + " inputs and " + outputNormalizer.size() + " outputs");
            }
        }
    }

    /** The number of members K. */
    public int size() {
        return members.size();
    }

    /** Input features. */
    public int inputs() {
        return inputNormalizer.size();
    }

    /** Outputs. */
    public int outputs() {
        return outputNormalizer.size();
    }

    /** The members at the given indices, in that order, with the same normalisers. */
    public ProbabilisticEnsemble subset(int[] indices) {
        GaussianMlp[] chosen = new GaussianMlp[indices.length];
        for (int i = 0; i < indices.length; i++) {
            chosen[i] = members.get(indices[i]);
        }
        return new ProbabilisticEnsemble(inputNormalizer, outputNormalizer, List.of(chosen));
    }

    /**
     * Every member's prediction for every row of {@code inputs} (one row per plant), in the units of the data.
     *
     * @throws IllegalArgumentException when a row does not have {@link #inputs()} values
     */
    public EnsemblePrediction predict(double[][] inputs) {
        return predict(inputs, false);
    }

    /**
     * Like {@link #predict}, but each row is predicted by one member only, row r by member r mod K, the other
     * members' entries left at 0: K times less work for a caller that rolls each member out on its own rows (the
     * ensemble planner).
     *
     * @throws IllegalArgumentException when a row does not have {@link #inputs()} values
     */
    public EnsemblePrediction predictInterleaved(double[][] inputs) {
        return predict(inputs, true);
    }

    private EnsemblePrediction predict(double[][] inputs, boolean interleaved) {
        int n = inputs.length;
        int k = members.size();
        int d = outputs();
        double[] mean = new double[k * n * d];
        double[] variance = new double[k * n * d];
        double[] mu = new double[d];
        double[] logVar = new double[d];
        GaussianMlp.Workspace ws = members.get(0).newWorkspace();
        for (int row = 0; row < n; row++) {
            double[] z = inputNormalizer.normalize(inputs[row]);
            for (int m = interleaved ? row % k : 0; m < (interleaved ? row % k + 1 : k); m++) {
                members.get(m).forward(z, mu, logVar, ws);
                int base = (m * n + row) * d;
                for (int j = 0; j < d; j++) {
                    double sd = outputNormalizer.std(j);
                    mean[base + j] = mu[j] * sd + outputNormalizer.mean(j);
                    variance[base + j] = Math.exp(logVar[j]) * sd * sd;
                }
            }
        }
        return new EnsemblePrediction(k, n, d, mean, variance);
    }
}
