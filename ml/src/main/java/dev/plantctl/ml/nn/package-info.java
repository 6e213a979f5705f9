/**
 * Probabilistic MLP ensembles on the JVM: the network with its backpropagation, AdamW, normalisation, the
 * bootstrap ensemble trainer with early stopping and elites, and the JVM forward pass of an ensemble.
 */
package dev.plantctl.ml.nn;
