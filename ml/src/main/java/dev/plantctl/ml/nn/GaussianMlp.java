package dev.plantctl.ml.nn;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A probabilistic multilayer perceptron: dense hidden layers with the SiLU activation {@code z·σ(z)}, and two
 * linear heads that give, for each output, the mean μ and the log variance s of a Gaussian. The log variance is
 * kept inside [{@value #MIN_LOG_VARIANCE}, {@value #MAX_LOG_VARIANCE}] with soft bounds, as in PETS (Chua et al.
 * 2018):
 * <pre>
 * s = MIN + softplus(MAX − softplus(MAX − r) − MIN)     r the raw output of the log-variance head
 * </pre>
 * It works in normalised units (inputs and targets standardised by a {@link Normalizer} outside it). Training
 * minimises the Gaussian negative log-likelihood {@code ½·((y − μ)²·e^(−s) + s)}, averaged over samples and
 * outputs; {@link #lossAndGradient} gives it with its exact gradient by backpropagation.
 *
 * <p>Parameters live in one flat array, layer by layer: for each hidden layer its weights (row-major, input ×
 * output) then its bias; then the mean head's weights and bias; then the log-variance head's. {@link #layer(int)}
 * gives a read-only view of one. Instances are immutable to callers ({@link #parameters()} returns a copy);
 * {@link EnsembleTrainer} updates them in place while it owns them. A forward pass needs a {@link Workspace},
 * one per thread.
 */
public final class GaussianMlp {

    /** Upper soft bound of the log variance, in normalised units. */
    public static final double MAX_LOG_VARIANCE = 0.5;
    /** Lower soft bound of the log variance, in normalised units. */
    public static final double MIN_LOG_VARIANCE = -10;

    private final int inputs;
    private final int[] hidden;
    private final int outputs;
    private final double[] params;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int[] fanIn;
    private final int[] fanOut;

    /**
     * A network with the given architecture and parameters (copied).
     *
     * @param inputs  input features, ≥ 1
     * @param hidden  widths of the hidden layers, at least one, each ≥ 1
     * @param outputs outputs (each gets a mean and a log variance), ≥ 1
     * @param params  all parameters in the order described above
     * @throws IllegalArgumentException when a size is wrong or a parameter is not finite
     */
    public GaussianMlp(int inputs, int[] hidden, int outputs, double[] params) {
        this(inputs, hidden, outputs, params, true);
    }

    private GaussianMlp(int inputs, int[] hidden, int outputs, double[] params, boolean copy) {
        Objects.requireNonNull(hidden, "hidden");
        if (inputs < 1 || outputs < 1 || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("network sizes must be >= 1 with at least one hidden layer: inputs "
                    + inputs + ", hidden " + Arrays.toString(hidden) + ", outputs " + outputs);
        }
        this.inputs = inputs;
        this.hidden = hidden.clone();
        this.outputs = outputs;
        int layers = hidden.length + 2;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        this.fanIn = new int[layers];
        this.fanOut = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            fanIn[l] = l == 0 ? inputs : l <= hidden.length ? hidden[l - 1] : hidden[hidden.length - 1];
            fanOut[l] = l < hidden.length ? hidden[l] : outputs;
            weightOffset[l] = offset;
            offset += fanIn[l] * fanOut[l];
            biasOffset[l] = offset;
            offset += fanOut[l];
        }
        Objects.requireNonNull(params, "params");
        if (params.length != offset) {
            throw new IllegalArgumentException("network " + inputs + "-" + Arrays.toString(hidden) + "-" + outputs
                    + " has " + offset + " parameters, got " + params.length);
        }
        for (int i = 0; i < params.length; i++) {
            if (!Double.isFinite(params[i])) {
                throw new IllegalArgumentException("parameter " + i + " is not finite: " + params[i]);
            }
        }
        this.params = copy ? params.clone() : params;
    }

    /**
     * A network with fresh parameters: weights drawn from N(0, 1/fan-in), biases 0, and the log-variance head's
     * weights a tenth of that, so that training starts near unit variance.
     */
    public static GaussianMlp initialized(int inputs, int[] hidden, int outputs, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        GaussianMlp shape = new GaussianMlp(inputs, hidden, outputs, new double[count(inputs, hidden, outputs)], false);
        double[] p = shape.params;
        for (int l = 0; l < hidden.length + 2; l++) {
            double sd = 1 / Math.sqrt(shape.fanIn[l]) * (l == hidden.length + 1 ? 0.1 : 1);
            for (int i = shape.weightOffset[l]; i < shape.biasOffset[l]; i++) {
                p[i] = sd * rng.nextGaussian();
            }
        }
        return shape;
    }

    /** The number of parameters of a network of this architecture. */
    public static int count(int inputs, int[] hidden, int outputs) {
        int n = 0;
        int in = inputs;
        for (int h : hidden) {
            n += in * h + h;
            in = h;
        }
        return n + 2 * (in * outputs + outputs);
    }

    /** Input features. */
    public int inputs() {
        return inputs;
    }

    /** Widths of the hidden layers, a copy. */
    public int[] hidden() {
        return hidden.clone();
    }

    /** Outputs; the network gives a mean and a log variance for each. */
    public int outputs() {
        return outputs;
    }

    /** The number of parameters. */
    public int parameterCount() {
        return params.length;
    }

    /** All parameters, a copy, in the order described in the class comment. */
    public double[] parameters() {
        return params.clone();
    }

    /** The live parameter array, for the trainer that owns this network. */
    double[] parametersInPlace() {
        return params;
    }

    /** A network with the same architecture and the given parameters. */
    public GaussianMlp withParameters(double[] parameters) {
        return new GaussianMlp(inputs, hidden, outputs, parameters, true);
    }

    /** Which parameters are weights (true) rather than biases, for weight decay. */
    boolean[] weightMask() {
        boolean[] mask = new boolean[params.length];
        for (int l = 0; l < weightOffset.length; l++) {
            Arrays.fill(mask, weightOffset[l], biasOffset[l], true);
        }
        return mask;
    }

    /** The number of dense layers: the hidden layers, then the mean head, then the log-variance head. */
    public int layerCount() {
        return weightOffset.length;
    }

    /**
     * One dense layer, {@code 0 … hidden.length − 1} the hidden layers, {@code hidden.length} the mean head and
     * {@code hidden.length + 1} the log-variance head.
     */
    public Dense layer(int index) {
        Objects.checkIndex(index, weightOffset.length);
        return new Dense(fanIn[index], fanOut[index],
                Arrays.copyOfRange(params, weightOffset[index], biasOffset[index]),
                Arrays.copyOfRange(params, biasOffset[index], biasOffset[index] + fanOut[index]));
    }

    /**
     * One dense layer's parameters: {@code y = x·W + b}.
     *
     * @param in      input width
     * @param out     output width
     * @param weights W row-major, {@code in × out}: W[i][j] at {@code i·out + j}
     * @param bias    b, {@code out}
     */
    public record Dense(int in, int out, double[] weights, double[] bias) {
    }

    /** Scratch space for forward and backward passes through this network; one per thread. */
    public Workspace newWorkspace() {
        return new Workspace();
    }

    /**
     * The forward pass of one input.
     *
     * @param x       the normalised input, {@link #inputs()} long
     * @param mean    receives the means, {@link #outputs()} long
     * @param logVar  receives the bounded log variances, {@link #outputs()} long
     * @param ws      scratch space of this network
     */
    public void forward(double[] x, double[] mean, double[] logVar, Workspace ws) {
        ws.check(this);
        forward(x, ws);
        System.arraycopy(ws.mean, 0, mean, 0, outputs);
        System.arraycopy(ws.logVar, 0, logVar, 0, outputs);
    }

    /**
     * The mean Gaussian negative log-likelihood (without the constant ½·log 2π) over the samples
     * {@code order[from] … order[to − 1]}, and its gradient with respect to every parameter, written into
     * {@code grad} (overwritten).
     *
     * @param x     normalised inputs
     * @param y     normalised targets
     * @param order sample indices
     * @param from  first position in {@code order}, inclusive
     * @param to    last position in {@code order}, exclusive; {@code to > from}
     * @param grad  receives the gradient, {@link #parameterCount()} long; null to compute the loss alone
     * @param ws    scratch space of this network
     * @return the loss
     */
    public double lossAndGradient(double[][] x, double[][] y, int[] order, int from, int to, double[] grad,
                                  Workspace ws) {
        ws.check(this);
        if (to <= from) {
            throw new IllegalArgumentException("empty batch: " + from + " .. " + to);
        }
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        double scale = 1.0 / ((to - from) * (double) outputs);
        double loss = 0;
        for (int k = from; k < to; k++) {
            int sample = order[k];
            double[] target = y[sample];
            forward(x[sample], ws);
            for (int j = 0; j < outputs; j++) {
                double err = target[j] - ws.mean[j];
                double precision = Math.exp(-ws.logVar[j]);
                loss += 0.5 * (err * err * precision + ws.logVar[j]);
                ws.dMean[j] = -err * precision * scale;
                double dS = 0.5 * (1 - err * err * precision) * scale;
                ws.dRaw[j] = dS * sigmoid(ws.inner[j] - MIN_LOG_VARIANCE) * sigmoid(MAX_LOG_VARIANCE - ws.raw[j]);
            }
            if (grad != null) {
                backward(ws, grad);
            }
        }
        return loss * scale;
    }

    /**
     * Backpropagates arbitrary gradients of a loss with respect to the outputs of one input: the gradient
     * {@code dMean} with respect to the means and {@code dLogVar} with respect to the bounded log variances.
     * Accumulates (adds) the gradient with respect to every parameter into {@code grad} and writes the gradient
     * with respect to the input into {@code dInput}. This is what a policy or a value network needs, whose losses
     * are not the Gaussian likelihood of {@link #lossAndGradient}.
     *
     * @param x       the normalised input, {@link #inputs()} long
     * @param dMean   ∂loss/∂mean, {@link #outputs()} long
     * @param dLogVar ∂loss/∂log variance, {@link #outputs()} long; null when the loss ignores the variances
     * @param grad    accumulates ∂loss/∂parameters, {@link #parameterCount()} long; null to skip
     * @param dInput  receives ∂loss/∂x, {@link #inputs()} long; null to skip
     * @param ws      scratch space of this network
     */
    public void backward(double[] x, double[] dMean, double[] dLogVar, double[] grad, double[] dInput,
                         Workspace ws) {
        ws.check(this);
        forward(x, ws);
        for (int j = 0; j < outputs; j++) {
            ws.dMean[j] = dMean[j];
            ws.dRaw[j] = dLogVar == null ? 0
                    : dLogVar[j] * sigmoid(ws.inner[j] - MIN_LOG_VARIANCE) * sigmoid(MAX_LOG_VARIANCE - ws.raw[j]);
        }
        ws.dInput = dInput;
        backward(ws, grad == null ? ws.scratchGrad() : grad);
        ws.dInput = null;
    }

    /** The mean squared error of the means over {@code order[from] … order[to − 1]}, in normalised units. */
    public double meanSquaredError(double[][] x, double[][] y, int[] order, int from, int to, Workspace ws) {
        ws.check(this);
        double sum = 0;
        for (int k = from; k < to; k++) {
            forward(x[order[k]], ws);
            for (int j = 0; j < outputs; j++) {
                double err = y[order[k]][j] - ws.mean[j];
                sum += err * err;
            }
        }
        return sum / ((to - from) * (double) outputs);
    }

    private void forward(double[] x, Workspace ws) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("expected " + inputs + " inputs, got " + x.length);
        }
        double[] in = x;
        for (int l = 0; l < hidden.length; l++) {
            dense(l, in, ws.pre[l]);
            double[] pre = ws.pre[l];
            double[] act = ws.act[l];
            for (int j = 0; j < pre.length; j++) {
                act[j] = pre[j] * sigmoid(pre[j]);
            }
            in = act;
        }
        dense(hidden.length, in, ws.mean);
        dense(hidden.length + 1, in, ws.raw);
        for (int j = 0; j < outputs; j++) {
            ws.inner[j] = MAX_LOG_VARIANCE - softplus(MAX_LOG_VARIANCE - ws.raw[j]);
            ws.logVar[j] = MIN_LOG_VARIANCE + softplus(ws.inner[j] - MIN_LOG_VARIANCE);
        }
        ws.input = x;
    }

    private void dense(int layer, double[] in, double[] out) {
        int w = weightOffset[layer];
        int n = fanOut[layer];
        System.arraycopy(params, biasOffset[layer], out, 0, n);
        for (int i = 0; i < in.length; i++) {
            double xi = in[i];
            int row = w + i * n;
            for (int j = 0; j < n; j++) {
                out[j] += xi * params[row + j];
            }
        }
    }

    private void backward(Workspace ws, double[] grad) {
        int top = hidden.length;
        double[] last = ws.act[top - 1];
        double[] dAct = ws.dAct[top - 1];
        Arrays.fill(dAct, 0);
        accumulateHead(top, last, ws.dMean, dAct, grad);
        accumulateHead(top + 1, last, ws.dRaw, dAct, grad);
        for (int l = top - 1; l >= 0; l--) {
            double[] pre = ws.pre[l];
            double[] dPre = ws.dPre[l];
            double[] dOut = ws.dAct[l];
            for (int j = 0; j < pre.length; j++) {
                double s = sigmoid(pre[j]);
                dPre[j] = dOut[j] * s * (1 + pre[j] * (1 - s));
            }
            double[] in = l == 0 ? ws.input : ws.act[l - 1];
            double[] dIn = l == 0 ? ws.dInput : ws.dAct[l - 1];
            if (dIn != null) {
                Arrays.fill(dIn, 0);
            }
            int w = weightOffset[l];
            int n = fanOut[l];
            int b = biasOffset[l];
            for (int j = 0; j < n; j++) {
                grad[b + j] += dPre[j];
            }
            for (int i = 0; i < in.length; i++) {
                double xi = in[i];
                int row = w + i * n;
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    grad[row + j] += xi * dPre[j];
                    acc += params[row + j] * dPre[j];
                }
                if (dIn != null) {
                    dIn[i] = acc;
                }
            }
        }
    }

    private void accumulateHead(int layer, double[] in, double[] dOut, double[] dIn, double[] grad) {
        int w = weightOffset[layer];
        int b = biasOffset[layer];
        for (int j = 0; j < outputs; j++) {
            grad[b + j] += dOut[j];
        }
        for (int i = 0; i < in.length; i++) {
            double xi = in[i];
            int row = w + i * outputs;
            double acc = 0;
            for (int j = 0; j < outputs; j++) {
                grad[row + j] += xi * dOut[j];
                acc += params[row + j] * dOut[j];
            }
            dIn[i] += acc;
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    /** Scratch arrays of one network's forward and backward passes. Not thread-safe. */
    public final class Workspace {

        private final double[][] pre = new double[hidden.length][];
        private final double[][] act = new double[hidden.length][];
        private final double[][] dPre = new double[hidden.length][];
        private final double[][] dAct = new double[hidden.length][];
        private final double[] mean = new double[outputs];
        private final double[] raw = new double[outputs];
        private final double[] inner = new double[outputs];
        private final double[] logVar = new double[outputs];
        private final double[] dMean = new double[outputs];
        private final double[] dRaw = new double[outputs];
        private double[] input;
        private double[] dInput;
        private double[] scratch;

        private Workspace() {
            for (int l = 0; l < hidden.length; l++) {
                pre[l] = new double[hidden[l]];
                act[l] = new double[hidden[l]];
                dPre[l] = new double[hidden[l]];
                dAct[l] = new double[hidden[l]];
            }
        }

        /** A throw-away gradient array for a backward pass whose caller wants the input gradient alone. */
        private double[] scratchGrad() {
            if (scratch == null) {
                scratch = new double[params.length];
            }
            Arrays.fill(scratch, 0);
            return scratch;
        }

        private void check(GaussianMlp network) {
            if (network.hidden.length != hidden.length || network.outputs != outputs
                    || !Arrays.equals(network.hidden, hidden)) {
                throw new IllegalArgumentException("workspace belongs to a network of another architecture");
            }
        }
    }
}
