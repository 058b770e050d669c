package dev.msa.operator.aws;

/**
 * A classified AWS failure. {@code terminal} failures (validation, access denied, limit exceeded,
 * malformed policy, ...) stay until the spec or configuration changes; the others (throttling, 5xx,
 * network, {@code QueueDeletedRecently}) are worth retrying with backoff.
 *
 * @param service the service's endpoint prefix: {@code sqs}, {@code iam}, {@code events}, ...
 * @param operation the API operation, such as {@code CreateQueue}
 * @param code the AWS error code as AWS sent it, or the SDK exception's name for client-side
 *     failures
 */
public record AwsFailure(
    String service, String operation, String code, String message, boolean terminal) {}
