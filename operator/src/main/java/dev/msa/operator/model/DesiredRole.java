package dev.msa.operator.model;

import java.util.Optional;

/** The IAM role a Microservice should have: who may assume it and its permissions boundary. */
public record DesiredRole(
    String trustPolicy, Optional<String> permissionsBoundaryArn, String description) {}
