package dev.msa.operator.reconciler;

import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AWS account and region of a namespace, from its annotations: {@code msa.dev/aws-role-arn}, a
 * role in another account that the operator assumes (only one {@link
 * OperatorConfig#ALLOWED_ROLE_ARNS} allows), and {@code msa.dev/aws-region}. A namespace with
 * neither is the operator's own account and region. Namespaces come from an informer, and a change
 * of either annotation reconciles the namespace's objects again.
 */
final class NamespaceAccounts<P extends HasMetadata> {
  static final String ROLE_ARN_ANNOTATION = "msa.dev/aws-role-arn";
  static final String REGION_ANNOTATION = "msa.dev/aws-region";
  static final String ACCOUNT_NOT_ALLOWED = "AccountNotAllowed";
  static final String INVALID_REGION = "InvalidRegion";

  /** What the annotations ask for: a target, or why not. */
  sealed interface Choice permits Chosen, Refused {}

  record Chosen(AwsAccounts.Target target) implements Choice {}

  /** The reason and message of the Ready=False condition; nothing is made on AWS. */
  record Refused(String reason, String message) implements Choice {}

  /** The account to act in, or why none. */
  record Resolution(Optional<AwsAccounts.Account> account, Optional<Refused> refused) {}

  private final InformerEventSource<Namespace, P> source;
  private final OperatorConfig config;
  private final AwsAccounts accounts;

  private NamespaceAccounts(
      InformerEventSource<Namespace, P> source, OperatorConfig config, AwsAccounts accounts) {
    this.source = source;
    this.config = config;
    this.accounts = accounts;
  }

  static <P extends HasMetadata> NamespaceAccounts<P> create(
      EventSourceContext<P> context,
      Class<P> primary,
      OperatorConfig config,
      AwsAccounts accounts) {
    var configuration =
        InformerEventSourceConfiguration.from(Namespace.class, primary)
            .withName("namespaces")
            // Namespaces are cluster-scoped: one informer, whichever namespaces are watched
            .withNamespaces(Constants.WATCH_ALL_NAMESPACE_SET)
            .withOnUpdateFilter((newer, older) -> !settings(newer).equals(settings(older)))
            .withSecondaryToPrimaryMapper(
                namespace ->
                    context
                        .getPrimaryCache()
                        .list(namespace.getMetadata().getName())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new NamespaceAccounts<>(
        new InformerEventSource<>(configuration, context), config, accounts);
  }

  InformerEventSource<Namespace, P> eventSource() {
    return source;
  }

  /** The account and region the object's namespace names, or why it may not act there. */
  Resolution resolve(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    Choice choice = choose(annotations(namespace), config);
    if (choice instanceof Refused refused) {
      return new Resolution(Optional.empty(), Optional.of(refused));
    }
    AwsAccounts.Target target = ((Chosen) choice).target();
    return new Resolution(Optional.of(accounts.account(target, namespace)), Optional.empty());
  }

  /** The role a namespace names and may use; empty for the operator's own account. */
  Optional<String> roleOf(String namespace) {
    return choose(annotations(namespace), config) instanceof Chosen chosen
        ? chosen.target().roleArn()
        : Optional.empty();
  }

  private Map<String, String> annotations(String namespace) {
    return source
        .get(new ResourceID(namespace))
        .map(ns -> ns.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .orElse(Map.of());
  }

  /**
   * Deleting an object whose namespace names an account it may not use: nothing was made there by
   * this setting, so the finalizer goes; a Warning says that whatever an earlier setting made is
   * left alone.
   */
  static DeleteControl deleteWithoutAws(HasMetadata object, Refused refused, EventRecorder events) {
    events.warning(
        object,
        refused.reason(),
        "deleted without touching AWS: "
            + refused.message()
            + "; anything made under an earlier account setting is left in place");
    return DeleteControl.defaultDelete();
  }

  /** Pure: the target the annotations name, checked against the operator's configuration. */
  static Choice choose(Map<String, String> annotations, OperatorConfig config) {
    Optional<String> role = value(annotations, ROLE_ARN_ANNOTATION);
    Optional<String> region = value(annotations, REGION_ANNOTATION);
    if (region.isPresent() && !OperatorConfig.isRegion(region.get())) {
      return new Refused(
          INVALID_REGION,
          "namespace annotation "
              + REGION_ANNOTATION
              + "="
              + region.get()
              + " is not an AWS region name such as eu-west-1: nothing is made on AWS until it is"
              + " corrected");
    }
    if (role.isPresent() && !config.roleAllowed(role.get())) {
      return new Refused(
          ACCOUNT_NOT_ALLOWED,
          "namespace annotation "
              + ROLE_ARN_ANNOTATION
              + " names role "
              + role.get()
              + ", which "
              + OperatorConfig.ALLOWED_ROLE_ARNS
              + (config.allowedRoleArns().isEmpty()
                  ? " does not list (it is empty: no namespace may name a role)"
                  : " does not allow")
              + ": nothing is made on AWS until the platform team allows it or the annotation"
              + " goes");
    }
    return new Chosen(new AwsAccounts.Target(role, region.orElse(config.region())));
  }

  private static Optional<String> value(Map<String, String> annotations, String key) {
    return Optional.ofNullable(annotations.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Map<String, String> settings(Namespace namespace) {
    Map<String, String> annotations = namespace.getMetadata().getAnnotations();
    return annotations == null
        ? Map.of()
        : annotations.entrySet().stream()
            .filter(
                e ->
                    e.getKey().equals(ROLE_ARN_ANNOTATION)
                        || e.getKey().equals(REGION_ANNOTATION)
                        // NamespaceSettings': a fixed one ends InvalidDefaultTags at once
                        || e.getKey().equals(NamespaceSettings.DEFAULT_TAGS))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
