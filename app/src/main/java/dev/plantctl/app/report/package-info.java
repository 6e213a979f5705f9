/**
 * A run's HTML report with PNG charts ({@link dev.plantctl.app.report.HtmlReport}), written by {@code plantctl demo}
 * and meant for {@code plantctl bench} as well: key figures, time-series charts and the most important decisions.
 */
package dev.plantctl.app.report;
