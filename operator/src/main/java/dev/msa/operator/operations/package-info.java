/**
 * Running the operator: the HTTP server for {@code /metrics}, {@code /healthz} and {@code /readyz},
 * the meters beyond JOSDK's and the AWS layer's, leader election and the log format. It depends on
 * JOSDK, Micrometer and the api classes, never on the reconciler, model or aws layers.
 */
package dev.msa.operator.operations;
