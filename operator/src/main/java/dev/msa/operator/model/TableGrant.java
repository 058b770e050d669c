package dev.msa.operator.model;

import dev.msa.operator.api.DataStoreAccess;
import java.util.Optional;

/**
 * A bound table as a service's policy sees it: the table's ARN (its indexes are {@code
 * <ARN>/index/*}), the ARN of its enabled stream, and the access the service asked for.
 */
public record TableGrant(String tableArn, Optional<String> streamArn, DataStoreAccess access) {}
