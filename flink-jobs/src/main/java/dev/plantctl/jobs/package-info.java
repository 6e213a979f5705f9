/**
 * The Flink job graphs of plantctl. Each job is a plain {@code build} method over a
 * {@code StreamExecutionEnvironment}, so the same graph runs on a MiniCluster (demo, tests) and on a cluster.
 */
package dev.plantctl.jobs;
