package dev.plantctl.ml.onnx;

import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * ONNX opset-13 operators that Tribuo's {@code ONNXOperators} lacks and the ensemble graph needs, declared
 * through Tribuo's {@link ONNXOperator} interface so that the graph is built with one API.
 */
enum OnnxOps implements ONNXOperator {

    /** Matrix product with numpy broadcasting: [N, a] × [K, a, b] gives [K, N, b]. */
    MATMUL("MatMul", 2),
    /** {@code log(1 + e^x)} element-wise. */
    SOFTPLUS("Softplus", 1),
    /** {@code e^x} element-wise. */
    EXP("Exp", 1);

    /** The opset of the default ONNX domain the graph is written for. */
    static final int OPSET = 13;

    private final String opName;
    private final int inputs;

    OnnxOps(String opName, int inputs) {
        this.opName = opName;
        this.inputs = inputs;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return Collections.emptyMap();
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Collections.emptySet();
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    @Override
    public String getOpDomain() {
        return "";
    }
}
