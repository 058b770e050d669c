/**
 * One thin adapter per AWS service: the only code that calls the AWS SDK, and the one place that
 * decides whether an AWS error is terminal or worth retrying ({@link AwsErrors}).
 */
package dev.msa.operator.aws;
