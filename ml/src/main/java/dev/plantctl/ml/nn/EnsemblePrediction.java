package dev.plantctl.ml.nn;

/**
 * What K ensemble members predict for N inputs (plants): for each member, input and output a Gaussian mean and
 * variance, and their combination as an equally weighted mixture:
 * <pre>
 * ensemble mean     = (1/K)·Σ_k mean_k
 * ensemble variance = (1/K)·Σ_k variance_k  +  (1/K)·Σ_k (mean_k − ensemble mean)²
 *                     (aleatoric: the members' own noise)   (epistemic: their disagreement)
 * </pre>
 * Immutable; the arrays are held flat, member-major: index {@code (k·N + n)·D + j}.
 */
public final class EnsemblePrediction {

    private final int members;
    private final int rows;
    private final int outputs;
    private final double[] mean;
    private final double[] variance;

    /**
     * @param members  K
     * @param rows     N
     * @param outputs  D
     * @param mean     K·N·D means, member-major (taken, not copied)
     * @param variance K·N·D variances, member-major (taken, not copied)
     */
    public EnsemblePrediction(int members, int rows, int outputs, double[] mean, double[] variance) {
        int size = members * rows * outputs;
        if (members < 1 || rows < 0 || outputs < 1 || mean.length != size || variance.length != size) {
            throw new IllegalArgumentException("prediction of " + members + " members x " + rows + " rows x "
                    + outputs + " outputs needs " + size + " values, got " + mean.length + " and " + variance.length);
        }
        this.members = members;
        this.rows = rows;
        this.outputs = outputs;
        this.mean = mean;
        this.variance = variance;
    }

    /** K. */
    public int members() {
        return members;
    }

    /** N, the number of inputs predicted for. */
    public int rows() {
        return rows;
    }

    /** D. */
    public int outputs() {
        return outputs;
    }

    /** Member k's mean of output j for input n. */
    public double mean(int k, int n, int j) {
        return mean[index(k, n, j)];
    }

    /** Member k's variance of output j for input n. */
    public double variance(int k, int n, int j) {
        return variance[index(k, n, j)];
    }

    /** The mixture mean of output j for input n. */
    public double ensembleMean(int n, int j) {
        double sum = 0;
        for (int k = 0; k < members; k++) {
            sum += mean[index(k, n, j)];
        }
        return sum / members;
    }

    /** The mixture variance of output j for input n: the members' mean variance plus their disagreement. */
    public double ensembleVariance(int n, int j) {
        double m = ensembleMean(n, j);
        double sum = 0;
        for (int k = 0; k < members; k++) {
            double e = mean[index(k, n, j)] - m;
            sum += variance[index(k, n, j)] + e * e;
        }
        return sum / members;
    }

    /** The epistemic part of {@link #ensembleVariance}: the variance of the members' means. */
    public double disagreement(int n, int j) {
        double m = ensembleMean(n, j);
        double sum = 0;
        for (int k = 0; k < members; k++) {
            double e = mean[index(k, n, j)] - m;
            sum += e * e;
        }
        return sum / members;
    }

    private int index(int k, int n, int j) {
        if (k < 0 || k >= members || n < 0 || n >= rows || j < 0 || j >= outputs) {
            throw new IndexOutOfBoundsException("member " + k + ", row " + n + ", output " + j + " outside "
                    + members + " x " + rows + " x " + outputs);
        }
        return (k * rows + n) * outputs + j;
    }
}
