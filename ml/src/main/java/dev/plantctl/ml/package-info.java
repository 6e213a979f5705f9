/**
 * Learned models of plantctl: transition data sets with content fingerprints, probabilistic MLP ensembles
 * trained on the JVM, their export to ONNX, inference through ONNX Runtime and the versioned model registry.
 * Plain Java, no stream engine: a Flink operator, a benchmark, a command or a test use it alike.
 */
package dev.plantctl.ml;
