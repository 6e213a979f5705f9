package dev.plantctl.ml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.plantctl.ml.nn.EnsemblePrediction;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * A probabilistic ensemble served by ONNX Runtime: one session of a graph written by
 * {@link EnsembleOnnxExporter} (or any graph with the same input and outputs), asked for many plants in one call.
 *
 * <p><b>Lifecycle.</b> {@link #close()} closes the session (and with it its native memory) at once; tensors
 * made for a call are closed before the call returns. Use try-with-resources, or close it where its owner
 * closes. The process-wide {@link OrtEnvironment} is shared and never closed here.
 *
 * <p><b>Threads.</b> {@link #predict} may be called from several threads at once (ONNX Runtime sessions allow
 * concurrent runs); {@link #close()} must not race with a running call.
 */
public final class OnnxEnsemble implements AutoCloseable {

    private final OrtSession session;
    private final int members;
    private final int inputs;
    private final int outputs;

    private OnnxEnsemble(OrtSession session, int members, int inputs, int outputs) {
        this.session = session;
        this.members = members;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Opens a session on a serialised ONNX model and checks its signature: one float input
     * {@value EnsembleOnnxExporter#INPUT} [N, I] and float outputs {@value EnsembleOnnxExporter#MEAN} and
     * {@value EnsembleOnnxExporter#VARIANCE} [K, N, D].
     *
     * @param model   the model's bytes
     * @param threads intra-op threads of the session (1 inside a stream task, which is parallel already)
     * @throws OrtException             when ONNX Runtime cannot load the model
     * @throws IllegalArgumentException when the signature is not the ensemble's, naming what differs
     */
    public static OnnxEnsemble load(byte[] model, int threads) throws OrtException {
        Objects.requireNonNull(model, "model");
        if (threads < 1) {
            throw new IllegalArgumentException("session threads must be >= 1: " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
        }
        try {
            long[] in = shape(session.getInputInfo(), EnsembleOnnxExporter.INPUT, 2);
            long[] mean = shape(session.getOutputInfo(), EnsembleOnnxExporter.MEAN, 3);
            long[] variance = shape(session.getOutputInfo(), EnsembleOnnxExporter.VARIANCE, 3);
            if (mean[0] != variance[0] || mean[2] != variance[2] || mean[0] < 1 || mean[2] < 1 || in[1] < 1) {
                throw new IllegalArgumentException("ensemble outputs must both be [K, batch, D] with fixed K and D, got "
                        + java.util.Arrays.toString(mean) + " and " + java.util.Arrays.toString(variance));
            }
            return new OnnxEnsemble(session, (int) mean[0], (int) in[1], (int) mean[2]);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    /** Members K. */
    public int members() {
        return members;
    }

    /** Input features I. */
    public int inputs() {
        return inputs;
    }

    /** Outputs D. */
    public int outputs() {
        return outputs;
    }

    /**
     * Predicts for N plants in one run: row n of {@code inputs} is plant n's features.
     *
     * @throws OrtException             when the run fails
     * @throws IllegalArgumentException when a row does not have {@link #inputs()} values
     */
    public EnsemblePrediction predict(double[][] inputs) throws OrtException {
        int n = inputs.length;
        float[] flat = new float[n * this.inputs];
        for (int r = 0; r < n; r++) {
            if (inputs[r].length != this.inputs) {
                throw new IllegalArgumentException("row " + r + " has " + inputs[r].length + " features, the model takes "
                        + this.inputs);
            }
            for (int j = 0; j < this.inputs; j++) {
                flat[r * this.inputs + j] = (float) inputs[r][j];
            }
        }
        return predict(flat, n);
    }

    /**
     * Predicts for N plants whose features lie row-major in {@code features} (N·I floats), without copying them
     * into rows first: the cheapest call for a caller that keeps its batch in a float array.
     *
     * @throws OrtException when the run fails
     */
    public EnsemblePrediction predict(float[] features, int rows) throws OrtException {
        if (features.length != rows * inputs) {
            throw new IllegalArgumentException(rows + " rows of " + inputs + " features need " + rows * inputs
                    + " values, got " + features.length);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(features), new long[] {rows, inputs});
             OrtSession.Result result = session.run(Map.of(EnsembleOnnxExporter.INPUT, x))) {
            double[] mean = widen(result, EnsembleOnnxExporter.MEAN, rows);
            double[] variance = widen(result, EnsembleOnnxExporter.VARIANCE, rows);
            return new EnsemblePrediction(members, rows, outputs, mean, variance);
        }
    }

    /** Closes the session and frees its native memory. */
    @Override
    public void close() throws OrtException {
        session.close();
    }

    private double[] widen(OrtSession.Result result, String name, int rows) {
        OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        FloatBuffer b = t.getFloatBuffer();
        double[] out = new double[members * rows * outputs];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static long[] shape(Map<String, NodeInfo> infos, String name, int rank) {
        NodeInfo info = infos.get(name);
        if (info == null || !(info.getInfo() instanceof TensorInfo t)
                || t.type != ai.onnxruntime.OnnxJavaType.FLOAT || t.getShape().length != rank) {
            throw new IllegalArgumentException("model has no float tensor '" + name + "' of rank " + rank
                    + " (it has " + infos.keySet() + ")");
        }
        return t.getShape();
    }
}
