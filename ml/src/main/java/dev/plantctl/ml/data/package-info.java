/**
 * Transition data sets: one step of a plant unit (state, action, exogenous inputs, next state), a schema naming
 * every component with its unit, a content fingerprint, and the JSON-lines transitions file.
 */
package dev.plantctl.ml.data;
