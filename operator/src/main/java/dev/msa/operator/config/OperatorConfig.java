package dev.msa.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's settings, read once from environment variables (SPEC §5). Every problem is a
 * {@link ConfigException} naming the variable, so start-up fails fast and says what to fix.
 */
public record OperatorConfig(
    String clusterName,
    String namePrefix,
    String region,
    IdentityMode identityMode,
    Optional<String> oidcProviderArn,
    String eksClusterName,
    Optional<String> permissionsBoundaryArn,
    Set<String> allowedManagedPolicyArns,
    Set<String> watchNamespaces,
    Duration resyncInterval,
    boolean networkPolicies,
    Set<String> networkPolicyAllowedNamespaces,
    LogFormat logFormat,
    int httpPort,
    String httpAddress,
    boolean leaderElection,
    String leaseName,
    Optional<String> leaseNamespace,
    String podName,
    String awsRateLimits,
    String kedaServiceAccount,
    Optional<String> kedaRoleArn,
    Set<String> allowedRoleArns,
    Map<String, String> defaultTags,
    int awsReadBudget,
    int reconcileThreads,
    int provisioningTurns) {

  public static final String CLUSTER_NAME = "MSA_OPERATOR_CLUSTER_NAME";
  public static final String NAME_PREFIX = "MSA_OPERATOR_NAME_PREFIX";
  public static final String IDENTITY_MODE = "MSA_OPERATOR_IDENTITY_MODE";
  public static final String OIDC_PROVIDER_ARN = "MSA_OPERATOR_OIDC_PROVIDER_ARN";
  public static final String EKS_CLUSTER_NAME = "MSA_OPERATOR_EKS_CLUSTER_NAME";
  public static final String PERMISSIONS_BOUNDARY_ARN = "MSA_OPERATOR_PERMISSIONS_BOUNDARY_ARN";
  public static final String ALLOWED_MANAGED_POLICY_ARNS =
      "MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS";
  public static final String WATCH_NAMESPACES = "MSA_OPERATOR_WATCH_NAMESPACES";
  public static final String RESYNC_INTERVAL = "MSA_OPERATOR_RESYNC_INTERVAL";
  public static final String NETWORK_POLICIES = "MSA_OPERATOR_NETWORK_POLICIES";
  public static final String NETWORK_POLICY_ALLOWED_NAMESPACES =
      "MSA_OPERATOR_NETWORK_POLICY_ALLOWED_NAMESPACES";
  public static final String LOG_FORMAT = "MSA_OPERATOR_LOG_FORMAT";
  public static final String HTTP_PORT = "MSA_OPERATOR_HTTP_PORT";
  public static final String HTTP_ADDRESS = "MSA_OPERATOR_HTTP_ADDRESS";
  public static final String LEADER_ELECTION = "MSA_OPERATOR_LEADER_ELECTION";
  public static final String LEASE_NAME = "MSA_OPERATOR_LEASE_NAME";
  public static final String LEASE_NAMESPACE = "MSA_OPERATOR_LEASE_NAMESPACE";
  public static final String AWS_RATE_LIMITS = "MSA_OPERATOR_AWS_RATE_LIMITS";
  public static final String KEDA_SERVICE_ACCOUNT = "MSA_OPERATOR_KEDA_SERVICE_ACCOUNT";
  public static final String KEDA_ROLE_ARN = "MSA_OPERATOR_KEDA_ROLE_ARN";
  public static final String ALLOWED_ROLE_ARNS = "MSA_OPERATOR_ALLOWED_ROLE_ARNS";
  public static final String DEFAULT_TAGS = "MSA_OPERATOR_DEFAULT_TAGS";
  public static final String REGION = "AWS_REGION";

  /**
   * AWS reads per second that all resyncs together may spend; the resync period grows with the
   * number of objects to stay within it (docs/operations.md, "Resync period").
   */
  public static final String AWS_READ_BUDGET = "MSA_OPERATOR_AWS_READ_BUDGET";

  public static final String RECONCILE_THREADS = "MSA_OPERATOR_RECONCILE_THREADS";
  public static final String PROVISIONING_TURNS = "MSA_OPERATOR_PROVISIONING_TURNS";

  /** Calls per second per AWS service; IAM is the slowest and most throttled control plane. */
  public static final String DEFAULT_AWS_RATE_LIMITS = "iam=20,default=50";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern NAME_PART =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?");
  private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
  private static final Pattern IP_ADDRESS =
      Pattern.compile("([0-9]{1,3}(\\.[0-9]{1,3}){3})|([0-9a-fA-F]*:[0-9a-fA-F:.]*)");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");
  private static final Pattern OIDC_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");

  /** A role ARN in which {@code *} may stand for any characters, the account's digits included. */
  private static final Pattern ROLE_ARN_PATTERN =
      Pattern.compile(
          "arn:aws[a-z-]*:iam::([0-9]{12}|[0-9]*\\*[0-9*]*):role/[A-Za-z0-9+=,.@_/*-]+");

  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+");

  /** Reads the settings from the process environment. */
  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static OperatorConfig from(Map<String, String> env) {
    Reader r = new Reader(env);
    String clusterName = r.required(CLUSTER_NAME);
    r.check(CLUSTER_NAME, clusterName, NAME_PART, "letters, digits and '-'");
    String namePrefix = r.optional(NAME_PREFIX).orElse(clusterName);
    r.check(NAME_PREFIX, namePrefix, NAME_PART, "letters, digits and '-'");
    if (namePrefix.length() > 20) {
      throw new ConfigException(
          (r.optional(NAME_PREFIX).isPresent()
                  ? NAME_PREFIX
                  : NAME_PREFIX + " (default: " + CLUSTER_NAME + ")")
              + "="
              + namePrefix
              + ": at most 20 characters (it starts every AWS name); set "
              + NAME_PREFIX
              + " to a shorter prefix");
    }
    String region =
        r.optional(REGION)
            .orElseThrow(
                () -> new ConfigException(REGION + " is required: the AWS region to manage"));
    r.check(REGION, region, REGION_PATTERN, "an AWS region such as eu-west-1");
    IdentityMode identityMode =
        IdentityMode.parse(IDENTITY_MODE, r.optional(IDENTITY_MODE).orElse("irsa"));
    Optional<String> oidcProviderArn = r.optional(OIDC_PROVIDER_ARN);
    oidcProviderArn.ifPresent(
        arn -> r.check(OIDC_PROVIDER_ARN, arn, OIDC_ARN, "an IAM OIDC provider ARN"));
    Optional<String> boundary = r.optional(PERMISSIONS_BOUNDARY_ARN);
    boundary.ifPresent(arn -> r.check(PERMISSIONS_BOUNDARY_ARN, arn, POLICY_ARN, "a policy ARN"));
    Set<String> allowedPolicies = r.list(ALLOWED_MANAGED_POLICY_ARNS);
    allowedPolicies.forEach(
        arn -> r.check(ALLOWED_MANAGED_POLICY_ARNS, arn, POLICY_ARN, "policy ARNs"));
    Set<String> watchNamespaces = r.list(WATCH_NAMESPACES);
    watchNamespaces.forEach(ns -> r.check(WATCH_NAMESPACES, ns, DNS_LABEL, "namespace names"));
    Set<String> npNamespaces = r.list(NETWORK_POLICY_ALLOWED_NAMESPACES);
    npNamespaces.forEach(
        ns -> r.check(NETWORK_POLICY_ALLOWED_NAMESPACES, ns, DNS_LABEL, "namespace names"));
    Duration resync = r.duration(RESYNC_INTERVAL, Duration.ofMinutes(10));
    int httpPort = r.integer(HTTP_PORT, 8080, 1, 65535);
    String httpAddress = r.optional(HTTP_ADDRESS).orElse("0.0.0.0");
    r.check(HTTP_ADDRESS, httpAddress, IP_ADDRESS, "an IP address such as 0.0.0.0 or 127.0.0.1");
    String kedaServiceAccount = r.optional(KEDA_SERVICE_ACCOUNT).orElse("keda:keda-operator");
    r.check(
        KEDA_SERVICE_ACCOUNT,
        kedaServiceAccount,
        SERVICE_ACCOUNT,
        "<namespace>:<name> of KEDA's operator ServiceAccount, such as keda:keda-operator");
    Optional<String> kedaRoleArn = r.optional(KEDA_ROLE_ARN);
    kedaRoleArn.ifPresent(arn -> r.check(KEDA_ROLE_ARN, arn, ROLE_ARN, "an IAM role ARN"));
    Set<String> allowedRoleArns = r.list(ALLOWED_ROLE_ARNS);
    allowedRoleArns.forEach(
        arn ->
            r.check(
                ALLOWED_ROLE_ARNS,
                arn,
                ROLE_ARN_PATTERN,
                "IAM role ARNs such as arn:aws:iam::222222222222:role/msa-operator, where * stands"
                    + " for any characters"));
    Map<String, String> defaultTags = r.tags(DEFAULT_TAGS);
    return new OperatorConfig(
        clusterName,
        namePrefix,
        region,
        identityMode,
        oidcProviderArn,
        r.optional(EKS_CLUSTER_NAME).orElse(clusterName),
        boundary,
        allowedPolicies,
        watchNamespaces,
        resync,
        r.bool(NETWORK_POLICIES, false),
        npNamespaces,
        LogFormat.parse(LOG_FORMAT, r.optional(LOG_FORMAT).orElse("text")),
        httpPort,
        httpAddress,
        r.bool(LEADER_ELECTION, false),
        r.optional(LEASE_NAME).orElse("msa-operator"),
        r.optional(LEASE_NAMESPACE).or(() -> r.optional("POD_NAMESPACE")),
        r.optional("POD_NAME").or(() -> r.optional("HOSTNAME")).orElse("msa-operator-local"),
        r.rateLimits(AWS_RATE_LIMITS),
        kedaServiceAccount,
        kedaRoleArn,
        allowedRoleArns,
        defaultTags,
        r.integer(AWS_READ_BUDGET, 5, 1, 10_000),
        r.integer(RECONCILE_THREADS, 200, 10, 2_000),
        r.integer(PROVISIONING_TURNS, 10, 1, 1_000));
  }

  /** Reads and checks raw values; blank counts as absent. */
  private record Reader(Map<String, String> env) {
    Optional<String> optional(String name) {
      return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    Map<String, String> tags(String name) {
      try {
        return DefaultTags.parse(optional(name).orElse(""));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            name + ": " + e.getMessage() + "; expected key=value,key=value such as team=x");
      }
    }

    String required(String name) {
      return optional(name).orElseThrow(() -> new ConfigException(name + " is required"));
    }

    void check(String name, String value, Pattern pattern, String expected) {
      if (!pattern.matcher(value).matches()) {
        throw new ConfigException(name + "=" + value + ": expected " + expected);
      }
    }

    Set<String> list(String name) {
      return optional(name)
          .map(
              v ->
                  Arrays.stream(v.split(","))
                      .map(String::trim)
                      .filter(s -> !s.isEmpty())
                      .collect(java.util.stream.Collectors.toCollection(TreeSet::new)))
          .map(s -> (Set<String>) java.util.Collections.unmodifiableSet(s))
          .orElse(Set.of());
    }

    boolean bool(String name, boolean fallback) {
      return optional(name)
          .map(
              v ->
                  switch (v) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw new ConfigException(name + "=" + v + ": must be true or false");
                  })
          .orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
      return optional(name)
          .map(
              v -> {
                try {
                  int value = Integer.parseInt(v);
                  if (value >= min && value <= max) {
                    return value;
                  }
                } catch (NumberFormatException e) {
                  // reported below
                }
                throw new ConfigException(
                    name + "=" + v + ": must be a whole number from " + min + " to " + max);
              })
          .orElse(fallback);
    }

    /** {@code service=callsPerSecond,...}; {@code default=} sets the rest. */
    String rateLimits(String name) {
      String text = optional(name).orElse(DEFAULT_AWS_RATE_LIMITS);
      for (String entry : text.split(",")) {
        String[] parts = entry.trim().split("=");
        boolean valid = parts.length == 2 && parts[0].matches("[a-z0-9-]+");
        if (valid) {
          try {
            valid = Double.parseDouble(parts[1]) > 0;
          } catch (NumberFormatException e) {
            valid = false;
          }
        }
        if (!valid) {
          throw new ConfigException(
              name
                  + "="
                  + text
                  + ": expected service=callsPerSecond entries such as iam=20,default=50");
        }
      }
      return text;
    }

    Duration duration(String name, Duration fallback) {
      return optional(name).map(v -> parseDuration(name, v)).orElse(fallback);
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; nothing else. */
  static Duration parseDuration(String name, String text) {
    Matcher m = DURATION.matcher(text);
    try {
      long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
      if (amount > 0) {
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // too large for a long or a Duration: reported below like any other bad value
    }
    throw new ConfigException(
        name + "=" + text + ": expected a positive duration such as 30s, 10m or 1h");
  }

  /**
   * Whether a namespace may name this role ({@code msa.dev/aws-role-arn}): it matches an entry of
   * {@link #ALLOWED_ROLE_ARNS}, where {@code *} stands for any characters. None may when the list
   * is empty.
   */
  public boolean roleAllowed(String roleArn) {
    return allowedRoleArns.stream()
        .anyMatch(
            entry ->
                roleArn.matches(
                    Arrays.stream(entry.split("\\*", -1))
                        .map(Pattern::quote)
                        .collect(java.util.stream.Collectors.joining(".*"))));
  }

  /** An AWS region name such as eu-west-1: what {@link #REGION} must be, too. */
  public static boolean isRegion(String value) {
    return REGION_PATTERN.matcher(value).matches();
  }

  /** All namespaces are watched when none is listed. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  public List<String> describe() {
    return List.of(
        CLUSTER_NAME + "=" + clusterName,
        NAME_PREFIX + "=" + namePrefix,
        REGION + "=" + region,
        IDENTITY_MODE + "=" + identityMode.value(),
        WATCH_NAMESPACES
            + "="
            + (watchesAllNamespaces() ? "(all)" : String.join(",", watchNamespaces)),
        RESYNC_INTERVAL + "=" + resyncInterval,
        AWS_READ_BUDGET + "=" + awsReadBudget,
        RECONCILE_THREADS + "=" + reconcileThreads,
        PROVISIONING_TURNS + "=" + provisioningTurns,
        NETWORK_POLICIES + "=" + networkPolicies,
        HTTP_ADDRESS + "=" + httpAddress,
        HTTP_PORT + "=" + httpPort,
        LEADER_ELECTION + "=" + leaderElection,
        ALLOWED_ROLE_ARNS
            + "="
            + (allowedRoleArns.isEmpty() ? "(none)" : String.join(",", allowedRoleArns)));
  }
}
