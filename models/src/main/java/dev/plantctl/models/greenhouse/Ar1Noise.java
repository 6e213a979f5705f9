package dev.plantctl.models.greenhouse;

import java.time.Instant;

/**
 * Seeded AR(1) noise with unit variance as a pure function of time. The process lives on a regular grid
 * (index k = floor(time / grid)); between grid points it is interpolated linearly.
 *
 * <p>The value at index k is the AR(1) process x_k = φ·x_{k−1} + √(1−φ²)·ε_k written in its moving-average form
 * Σ_j φ^j·ε_{k−j}, truncated where φ^j falls below 1e-3 and rescaled to unit variance. Each innovation ε_k is a
 * standard normal drawn from a hash of (seed, stream, k), so no state is carried from one query to the next.
 */
final class Ar1Noise {

    private static final double TRUNCATION = 1e-3;

    private final long key;
    private final double gridSeconds;
    private final double[] weights;

    /**
     * @param seed        the seed
     * @param stream      distinguishes independent processes of one seed
     * @param gridSeconds spacing of the grid, s, &gt; 0
     * @param phi         correlation from one grid point to the next, in (0, 1)
     */
    Ar1Noise(long seed, long stream, double gridSeconds, double phi) {
        if (!(gridSeconds > 0) || !(phi > 0 && phi < 1)) {
            throw new IllegalArgumentException("AR(1) needs grid > 0 and phi in (0, 1): " + gridSeconds + ", " + phi);
        }
        this.key = mix(mix(seed) ^ mix(stream + 0x632BE59BD9B4E019L));
        this.gridSeconds = gridSeconds;
        int terms = (int) Math.ceil(Math.log(TRUNCATION) / Math.log(phi));
        double norm = Math.sqrt((1 - phi * phi) / (1 - Math.pow(phi, 2.0 * terms)));
        this.weights = new double[terms];
        for (int j = 0; j < terms; j++) {
            weights[j] = norm * Math.pow(phi, j);
        }
    }

    /** The noise at an instant: standard normal marginally, correlated over about grid / (1 − φ). */
    double at(Instant time) {
        double x = (time.getEpochSecond() + time.getNano() * 1e-9) / gridSeconds;
        long k = (long) Math.floor(x);
        double frac = x - k;
        return (1 - frac) * atIndex(k) + frac * atIndex(k + 1);
    }

    private double atIndex(long k) {
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * innovation(k - j);
        }
        return sum;
    }

    /** A standard normal from the hash of the index (Box–Muller). */
    private double innovation(long index) {
        long h = mix(key + index * 0x9E3779B97F4A7C15L);
        double u1 = ((h >>> 11) + 1) * 0x1.0p-53;
        double u2 = (mix(h) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** SplitMix64's finaliser: a bijective, well-mixing hash of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
