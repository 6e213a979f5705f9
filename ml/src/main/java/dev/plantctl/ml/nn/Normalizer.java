package dev.plantctl.ml.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * An affine map {@code z = (x − mean) / std} per feature, fitted on training data, and its inverse. A feature
 * whose standard deviation is below {@value #MIN_STD} times its scale (a constant column) gets a std that keeps
 * it finite instead of dividing by zero.
 *
 * @param mean the per-feature mean
 * @param std  the per-feature standard deviation, every one finite and &gt; 0
 */
public record Normalizer(double[] mean, double[] std) {

    /** Relative floor of a fitted standard deviation. */
    public static final double MIN_STD = 1e-8;

    /** @throws IllegalArgumentException when the lengths differ or a value is not finite or a std not &gt; 0 */
    public Normalizer {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalizer needs equal, non-zero lengths: mean " + mean.length
                    + ", std " + std.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0 && Double.isFinite(std[i]))) {
                throw new IllegalArgumentException("normalizer feature " + i + ": mean " + mean[i] + ", std " + std[i]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The mean and standard deviation of each column of {@code rows}.
     *
     * @throws IllegalArgumentException when there are fewer than two rows or the rows differ in length
     */
    public static Normalizer fit(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("need at least two rows to fit a normalizer, got " + rows.length);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (double[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows differ in length: " + row.length + " vs " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double e = row[j] - mean[j];
                sq[j] += e * e;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sq[j] / (rows.length - 1));
            double floor = MIN_STD * Math.max(1e-30, Math.abs(mean[j]));
            std[j] = Math.max(s, floor);
        }
        return new Normalizer(mean, std);
    }

    /** The number of features. */
    public int size() {
        return mean.length;
    }

    /** {@code (x − mean) / std}, into a new array. */
    public double[] normalize(double[] x) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / std[j];
        }
        return z;
    }

    /** Every row normalized. */
    public double[][] normalize(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = normalize(rows[i]);
        }
        return out;
    }

    /** The mean, a copy. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** The standard deviation, a copy. */
    @Override
    public double[] std() {
        return std.clone();
    }

    /** The j-th mean. */
    public double mean(int j) {
        return mean[j];
    }

    /** The j-th standard deviation. */
    public double std(int j) {
        return std[j];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalizer n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
