package dev.msa.operator.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code kubectl explain} prints for a kind, its {@code spec} and its {@code status}. The CRD
 * generator takes descriptions from fields only, and these three have none of ours, so the build
 * step that finishes the CRDs (CrdFinishing, `make crds`) writes them in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Explain {
  /** The kind. */
  String value();

  String spec();

  String status();
}
