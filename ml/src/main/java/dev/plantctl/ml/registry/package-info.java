/**
 * Versioned model directories with checksums and metadata, verified against what a consumer expects, and the
 * served model that swaps in new versions and keeps the last good one.
 */
package dev.plantctl.ml.registry;
