package dev.msa.operator.aws;

import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An SNS topic: created with its FIFO attribute, which never changes; afterwards only its policy
 * (the statements that let other accounts subscribe) is set.
 */
public final class TopicResource implements AwsAdapters.TopicAdapter {

  public record Key(String name, String arn) {}

  private final SnsTopics sns;

  public TopicResource(SnsTopics sns) {
    this.sns = sns;
  }

  @Override
  public AwsPart part() {
    return AwsPart.SNS_TOPIC;
  }

  @Override
  public Optional<Map<String, String>> read(Key key) {
    return sns.attributes(key.arn());
  }

  @Override
  public Optional<Map<String, String>> create(
      Key key, Map<String, String> desired, Map<String, String> tags) {
    sns.create(key.name(), desired, tags);
    return Optional.of(desired);
  }

  @Override
  public Map<String, String> update(Key key, Map<String, String> observed, AwsUpdate update) {
    if (!(update instanceof AttributeChanges changes)) {
      return observed;
    }
    Map<String, String> updated = new HashMap<>(observed);
    changes
        .changed()
        .forEach(
            (name, value) -> {
              sns.setAttribute(key.arn(), name, value);
              updated.put(name, value);
            });
    return updated;
  }

  @Override
  public void delete(Key key, Map<String, String> observed) {
    sns.delete(key.arn());
  }

  @Override
  public Map<String, String> tags(Key key, Map<String, String> observed) {
    return sns.tags(key.arn());
  }

  @Override
  public boolean taggable() {
    return true;
  }

  @Override
  public void retag(Key key, Map<String, String> observed, Map<String, String> tags) {
    sns.tag(key.arn(), tags);
  }

  @Override
  public void untag(Key key, Map<String, String> observed, List<String> keys) {
    sns.untag(key.arn(), keys);
  }
}
