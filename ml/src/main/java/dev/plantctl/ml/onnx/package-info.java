/**
 * An ensemble as one ONNX graph (written with Tribuo's {@code ONNXContext}) and its inference through ONNX
 * Runtime, batched over many plants, with sessions closed deterministically.
 */
package dev.plantctl.ml.onnx;
