/**
 * JMH benchmarks of plantctl. Each benchmark class measures a piece of the pipeline beside a baseline
 * measured in the same run (a bare loop, a library's own client), so that figures are ratios that survive
 * a noisy shared machine. Method and results live in BENCHMARKS.md.
 */
package dev.plantctl.benchmarks;
