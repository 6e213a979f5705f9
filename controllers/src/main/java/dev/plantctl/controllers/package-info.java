/**
 * Plant-independent parts of the decision makers: the line format of explanations
 * ({@link dev.plantctl.controllers.ExplanationJson}). Plant-specific controllers live in sub-packages, e.g.
 * {@link dev.plantctl.controllers.greenhouse}.
 */
package dev.plantctl.controllers;
