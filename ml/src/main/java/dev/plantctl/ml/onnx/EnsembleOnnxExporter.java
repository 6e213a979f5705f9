package dev.plantctl.ml.onnx;

import ai.onnx.proto.OnnxMl;
import dev.plantctl.ml.nn.GaussianMlp;
import dev.plantctl.ml.nn.Normalizer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link ProbabilisticEnsemble} as one ONNX graph (opset 13, float32), built with Tribuo's
 * {@code ONNXContext}. All K members run in one pass: their weights are stacked into [K, in, out] tensors and
 * the batch is broadcast against them, so one call serves N plants with K members.
 *
 * <pre>
 * input     [N, I]                      raw features, in the order of the model's metadata
 * z         = (input − m_x) · (1/σ_x)
 * h         = SiLU(z·W_l + b_l)          per hidden layer, [K, N, H]        SiLU(a) = a·Sigmoid(a)
 * μ         = h·W_μ + b_μ                [K, N, D]
 * s         = MIN + Softplus(MAX − Softplus(MAX − (h·W_s + b_s)) − MIN)
 * mean      = μ·σ_y + m_y                output [K, N, D], in the units of the data
 * variance  = Exp(s)·σ_y²                output [K, N, D]
 * </pre>
 *
 * The graph computes exactly what {@link ProbabilisticEnsemble#predict} computes, in float32 instead of double.
 */
public final class EnsembleOnnxExporter {

    /** Name of the input tensor. */
    public static final String INPUT = "input";
    /** Name of the output tensor of means. */
    public static final String MEAN = "mean";
    /** Name of the output tensor of variances. */
    public static final String VARIANCE = "variance";
    /** The ONNX IR version written (the one that goes with opset 13). */
    public static final long IR_VERSION = 7;

    private EnsembleOnnxExporter() {
    }

    /**
     * The serialised ONNX model of the ensemble.
     *
     * @param ensemble      the ensemble
     * @param graphName     the graph's name, e.g. {@code greenhouse-dynamics}
     * @param modelVersion  the version written into the model
     * @param properties    extra metadata properties stored in the model (key to value)
     * @return the bytes of the {@code ModelProto}; the same ensemble and arguments give the same bytes
     */
    public static byte[] export(ProbabilisticEnsemble ensemble, String graphName, long modelVersion,
                                Map<String, String> properties) {
        Objects.requireNonNull(ensemble, "ensemble");
        ONNXContext ctx = new ONNXContext();
        ctx.setName(graphName);
        int k = ensemble.size();
        List<GaussianMlp> members = ensemble.members();
        GaussianMlp first = members.get(0);
        int hiddenLayers = first.hidden().length;

        ONNXPlaceholder input = ctx.floatInput(INPUT, ensemble.inputs());
        ONNXPlaceholder meanOut = ctx.floatOutput(MEAN, ensemble.outputs());
        ONNXPlaceholder varianceOut = ctx.floatOutput(VARIANCE, ensemble.outputs());

        Normalizer in = ensemble.inputNormalizer();
        Normalizer out = ensemble.outputNormalizer();
        ONNXRef<?> h = input.apply(ONNXOperators.SUB, vector(ctx, "input_mean", in.mean()))
                .apply(ONNXOperators.MUL, vector(ctx, "input_inv_std", inverse(in.std())));
        for (int l = 0; l < hiddenLayers; l++) {
            ONNXNode pre = dense(ctx, "hidden" + l, h, members, l);
            h = pre.apply(ONNXOperators.MUL, pre.apply(ONNXOperators.SIGMOID));
        }
        ONNXNode mu = dense(ctx, "mean_head", h, members, hiddenLayers);
        ONNXNode raw = dense(ctx, "log_variance_head", h, members, hiddenLayers + 1);
        ONNXInitializer max = ctx.constant("max_log_variance", (float) GaussianMlp.MAX_LOG_VARIANCE);
        ONNXInitializer min = ctx.constant("min_log_variance", (float) GaussianMlp.MIN_LOG_VARIANCE);
        ONNXNode upper = max.apply(ONNXOperators.SUB, max.apply(ONNXOperators.SUB, raw).apply(OnnxOps.SOFTPLUS));
        ONNXNode s = min.apply(ONNXOperators.ADD, upper.apply(ONNXOperators.SUB, min).apply(OnnxOps.SOFTPLUS));

        mu.apply(ONNXOperators.MUL, vector(ctx, "output_std", out.std()))
                .apply(ONNXOperators.ADD, vector(ctx, "output_mean", out.mean()))
                .assignTo(meanOut);
        double[] variance = out.std();
        for (int j = 0; j < variance.length; j++) {
            variance[j] *= variance[j];
        }
        s.apply(OnnxOps.EXP).apply(ONNXOperators.MUL, vector(ctx, "output_variance", variance)).assignTo(varianceOut);

        OnnxMl.GraphProto graph = withStackedOutputs(ctx.buildGraph(), k, ensemble.outputs());
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("plantctl")
                .setDomain("dev.plantctl")
                .setModelVersion(modelVersion)
                .setDocString("Probabilistic dynamics ensemble of " + k + " members: mean and variance of the change"
                        + " of each state over one control period; outputs [members, batch, outputs].")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOps.OPSET))
                .setGraph(graph);
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
        return model.build().toByteArray();
    }

    /** {@code h·W + b} with the layer's weights of all members stacked: W [K, in, out], b [K, 1, out]. */
    private static ONNXNode dense(ONNXContext ctx, String name, ONNXRef<?> h, List<GaussianMlp> members, int layer) {
        GaussianMlp.Dense shape = members.get(0).layer(layer);
        int k = members.size();
        ONNXInitializer w = ctx.floatTensor(name + "_weights", List.of(k, shape.in(), shape.out()), buf -> {
            for (GaussianMlp m : members) {
                for (double v : m.layer(layer).weights()) {
                    buf.put((float) v);
                }
            }
        });
        ONNXInitializer b = ctx.floatTensor(name + "_bias", List.of(k, 1, shape.out()), buf -> {
            for (GaussianMlp m : members) {
                for (double v : m.layer(layer).bias()) {
                    buf.put((float) v);
                }
            }
        });
        return h.apply(OnnxOps.MATMUL, w).apply(ONNXOperators.ADD, b);
    }

    private static ONNXInitializer vector(ONNXContext ctx, String name, double[] values) {
        return ctx.array(name, values, true);
    }

    private static double[] inverse(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = 1 / values[i];
        }
        return out;
    }

    /** Tribuo declares outputs as [batch, D]; ours are [K, batch, D]. */
    private static OnnxMl.GraphProto withStackedOutputs(OnnxMl.GraphProto graph, int k, int d) {
        OnnxMl.GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getOutputCount(); i++) {
            OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(k))
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d))
                    .build();
            OnnxMl.ValueInfoProto.Builder v = b.getOutputBuilder(i);
            v.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
        }
        return b.build();
    }
}
