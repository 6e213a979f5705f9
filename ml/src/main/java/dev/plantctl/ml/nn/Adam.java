package dev.plantctl.ml.nn;

/**
 * The Adam optimiser (Kingma and Ba 2015) over one flat parameter vector, with optional decoupled weight decay
 * (AdamW, Loshchilov and Hutter 2019) on the entries that a mask marks as weights. Not thread-safe: one
 * optimiser per network being trained.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean[] decayed;
    private final double[] m;
    private final double[] v;
    private long t;

    /**
     * @param parameters   how many parameters are optimised
     * @param learningRate the step size α, &gt; 0
     * @param weightDecay  decoupled weight decay λ per step (multiplied by α), ≥ 0
     * @param decayed      which parameters decay (weights, not biases); null for none
     * @throws IllegalArgumentException when a number is out of range or the mask's length differs
     */
    public Adam(int parameters, double learningRate, double weightDecay, boolean[] decayed) {
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be finite and > 0: " + learningRate);
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0: " + weightDecay);
        }
        if (decayed != null && decayed.length != parameters) {
            throw new IllegalArgumentException("decay mask has " + decayed.length + " entries for " + parameters
                    + " parameters");
        }
        this.learningRate = learningRate;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.epsilon = 1e-8;
        this.weightDecay = weightDecay;
        this.decayed = decayed == null ? new boolean[parameters] : decayed.clone();
        this.m = new double[parameters];
        this.v = new double[parameters];
    }

    /** One update of {@code params} in place along the gradient {@code grad} of the loss. */
    public void step(double[] params, double[] grad) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " parameters and gradients, got "
                    + params.length + " and " + grad.length);
        }
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double update = (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
            if (decayed[i]) {
                update += weightDecay * params[i];
            }
            params[i] -= learningRate * update;
        }
    }
}
