package dev.msa.operator.aws;

import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.ObservedQueue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A queue or a dead-letter queue, with the attributes the operator sets. */
public final class QueueResource implements AwsAdapters.QueueAdapter {

  /**
   * @param knownUrl the URL a status recorded, read first: one call instead of a look-up by name
   */
  public record Key(String name, Optional<String> knownUrl) {
    public Key {
      knownUrl = knownUrl.filter(url -> url.endsWith("/" + name));
    }
  }

  private final SqsQueues sqs;
  private final AwsPart part;

  public QueueResource(SqsQueues sqs, AwsPart part) {
    this.sqs = sqs;
    this.part = part;
  }

  @Override
  public AwsPart part() {
    return part;
  }

  @Override
  public Optional<ObservedQueue> read(Key key) {
    Optional<ObservedQueue> known =
        key.knownUrl().flatMap(url -> sqs.attributes(url).map(a -> new ObservedQueue(url, a)));
    return known.isPresent()
        ? known
        : sqs.findUrl(key.name())
            .flatMap(url -> sqs.attributes(url).map(a -> new ObservedQueue(url, a)));
  }

  @Override
  public Optional<ObservedQueue> create(
      Key key, Map<String, String> desired, Map<String, String> tags) {
    return Optional.of(new ObservedQueue(sqs.create(key.name(), desired, tags), desired));
  }

  @Override
  public ObservedQueue update(Key key, ObservedQueue observed, AttributeChanges update) {
    sqs.setAttributes(observed.url(), update.changed());
    Map<String, String> now = new HashMap<>(observed.attributes());
    now.putAll(update.changed());
    return new ObservedQueue(observed.url(), now);
  }

  @Override
  public void delete(Key key, ObservedQueue observed) {
    sqs.delete(observed.url());
  }

  @Override
  public Map<String, String> tags(Key key, ObservedQueue observed) {
    return sqs.tags(observed.url());
  }

  @Override
  public boolean taggable() {
    return true;
  }

  @Override
  public void retag(Key key, ObservedQueue observed, Map<String, String> tags) {
    sqs.tag(observed.url(), tags);
  }

  @Override
  public void untag(Key key, ObservedQueue observed, List<String> keys) {
    sqs.untag(observed.url(), keys);
  }
}
